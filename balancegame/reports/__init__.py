"""Reports of analysed recordings: files and plots (imports point downstream only)."""
