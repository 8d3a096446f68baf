"""Deposits and instalment plans at the desk: the plan editor, the due and overdue list, and the
student's account statement."""
