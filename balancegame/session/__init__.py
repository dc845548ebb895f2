"""The session record: the log the game writes as it plays, the writer thread that saves it
to the SQLite storage, and the export."""
