"""Everything that decides which facts answer a query, and in what order."""
