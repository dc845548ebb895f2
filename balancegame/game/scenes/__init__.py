"""The screens of a session, one module each; none knows which comes next (see game/flow.py)."""
