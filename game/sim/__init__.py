"""Strategy bots, the simulator and the balance report."""
