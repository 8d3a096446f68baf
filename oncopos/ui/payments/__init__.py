"""The payment window, the customer display and the training panels."""
