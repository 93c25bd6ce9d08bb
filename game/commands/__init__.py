"""The work of each ``multivector`` subcommand, one module each (imported lazily)."""
