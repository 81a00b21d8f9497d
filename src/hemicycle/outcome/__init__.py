"""After the gavel: the statements as delivered, the participation figures, the series a meeting
belongs to, the search across meetings and the chair's summary."""
