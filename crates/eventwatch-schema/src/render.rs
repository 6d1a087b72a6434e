//! placeholder for renderers
