"""The therapist's side: the PIN that guards a patient's prescription (pin.py: the hash and
the rules for wrong PINs; desk.py: the one door to the stored PIN and prescriptions, used
by the command line and by the game's therapist mode)."""
