"""Editor pages, one module per thing they serve: sources (intake and the article workspace),
incidents (page, edit, claims), review (queue, decisions, merge), history, and lookups."""
