"""The session record: the log the game writes as it plays, the SQLite storage it goes to, and the
export.
"""
