"""Business operations over the database: take a Session, flush, never commit."""
