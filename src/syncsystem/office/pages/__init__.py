"""The office's pages, one module each (see `syncsystem.office.app` for what a module exports)."""
