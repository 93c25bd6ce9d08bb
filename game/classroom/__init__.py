"""The classroom: printable deck and role handouts, the session log, the debrief report
and the facilitator mode.

Everything here except the facilitator app is plain Python over the engine, so reports
and handouts never pay for Textual.
"""
