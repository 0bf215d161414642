"""Charts and reports built from the publication plan's published cells only."""
