"""Tenders taken by hand at the desk (cash, cheque, Interac e-Transfer), splits and bank returns."""
