"""The manager's year-end T2202 screen: Manager > Tuition slips (T2202)…"""
