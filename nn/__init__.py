"""Networks on the engine, losses, SGD, the closed-form delta equations and a NumPy reference."""
