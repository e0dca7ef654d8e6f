#!/usr/bin/env python3
"""Writes the reference values the accountant tests compare against: Opacus's own RDP accountant, run as is.

Usage: python3 opacus-grid.py OPACUS_SOURCE_ROOT OUTPUT_FOLDER
  OPACUS_SOURCE_ROOT  a checkout of https://github.com/pytorch/opacus (the folder holding opacus/); the values
                      committed next to this script came from Opacus 1.5.4 (commit 4d0ebc84613d, 2025-09-16), run
                      with Debian's python3 (numpy 1.24.2, scipy 1.10.1).
  OUTPUT_FOLDER       where opacus-epsilon.csv, opacus-rdp.csv and opacus-sigma.csv are written.

Only Opacus's accountant code runs: opacus/accountants/analysis/rdp.py (the RDP of the sampled Gaussian mechanism
and the RDP -> (epsilon, delta) conversion), opacus/accountants/rdp.py (RDPAccountant and its DEFAULT_ALPHAS) and
opacus/accountants/utils.py (get_noise_multiplier). Torch is not needed: the one import of the accountants' base
class that reaches it (opacus.optimizers.DPOptimizer, a type annotation) is stubbed, and the accountants package's
__init__ (which imports the PRV and GDP accountants) is replaced by a stub whose create_accountant returns an
RDPAccountant, the accountant get_noise_multiplier uses by default.

Files (comma separated, a header line, floats as Python's repr, which reads back to the same double):
  opacus-epsilon.csv  sample_rate,noise_multiplier,steps,delta,epsilon,order
                      RDPAccountant after `steps` steps at (noise_multiplier, sample_rate), get_privacy_spent(delta)
                      with the default orders: epsilon and the optimal order.
  opacus-rdp.csv      sample_rate,noise_multiplier,order,rdp
                      compute_rdp for one step at orders outside the defaults (fractional above 11, large).
  opacus-sigma.csv    target_epsilon,delta,sample_rate,steps,epsilon_tolerance,noise_multiplier
                      get_noise_multiplier(target_epsilon, delta, sample_rate, steps, epsilon_tolerance).
"""
import importlib
import os
import sys
import types
import warnings


def load_opacus(root):
    """Imports Opacus's accountant modules from a source tree without torch."""
    package = os.path.join(root, "opacus")
    opacus = types.ModuleType("opacus")
    opacus.__path__ = [package]
    optimizers = types.ModuleType("opacus.optimizers")
    optimizers.DPOptimizer = object  # only a type annotation in accountant.py
    accountants = types.ModuleType("opacus.accountants")
    accountants.__path__ = [os.path.join(package, "accountants")]
    sys.modules.update({"opacus": opacus, "opacus.optimizers": optimizers, "opacus.accountants": accountants})
    rdp_accountant = importlib.import_module("opacus.accountants.rdp")

    def create_accountant(mechanism):
        if mechanism != "rdp":
            raise ValueError(f"Only the RDP accountant is loaded, not '{mechanism}'.")
        return rdp_accountant.RDPAccountant()

    accountants.create_accountant = create_accountant
    analysis = importlib.import_module("opacus.accountants.analysis.rdp")
    utils = importlib.import_module("opacus.accountants.utils")
    return rdp_accountant.RDPAccountant, analysis, utils


def main(root, out):
    RDPAccountant, analysis, utils = load_opacus(root)
    warnings.simplefilter("ignore")  # "optimal order is the smallest/largest alpha": expected at the grid's corners

    sample_rates = [0.001, 0.004, 0.01, 0.05, 0.1, 0.25, 1.0]
    noise_multipliers = [0.5, 0.8, 1.0, 1.5, 3.0, 10.0]
    steps_list = [1, 100, 1000, 10000, 100000]
    n = 32561  # the Adult training set's rows: delta = 1/n^1.1, the rule issue #23 names
    deltas = [1e-5, 1.0 / n ** 1.1]

    with open(os.path.join(out, "opacus-epsilon.csv"), "w") as f:
        f.write("sample_rate,noise_multiplier,steps,delta,epsilon,order\n")
        for q in sample_rates:
            for sigma in noise_multipliers:
                for steps in steps_list:
                    for delta in deltas:
                        accountant = RDPAccountant()
                        accountant.history = [(sigma, q, steps)]
                        eps, order = accountant.get_privacy_spent(delta=delta)
                        f.write(f"{q!r},{sigma!r},{steps},{delta!r},{eps!r},{order!r}\n")

    orders = [1.05, 1.5, 11.5, 12.25, 20.5, 64, 100.5, 128, 256]
    with open(os.path.join(out, "opacus-rdp.csv"), "w") as f:
        f.write("sample_rate,noise_multiplier,order,rdp\n")
        for q in sample_rates:
            for sigma in noise_multipliers:
                for order in orders:
                    rdp = analysis.compute_rdp(q=q, noise_multiplier=sigma, steps=1, orders=[order])[0]
                    f.write(f"{q!r},{sigma!r},{order!r},{float(rdp)!r}\n")

    with open(os.path.join(out, "opacus-sigma.csv"), "w") as f:
        f.write("target_epsilon,delta,sample_rate,steps,epsilon_tolerance,noise_multiplier\n")
        for target in [0.5, 1.0, 3.0, 8.0]:
            for q, steps in [(256 / n, 300 * n // 256), (0.01, 1000), (0.01, 10000), (0.1, 100)]:
                for tolerance in [0.01, 0.0001]:
                    delta = 1.0 / n ** 1.1
                    sigma = utils.get_noise_multiplier(target_epsilon=target, target_delta=delta, sample_rate=q,
                                                       steps=steps, epsilon_tolerance=tolerance)
                    f.write(f"{target!r},{delta!r},{q!r},{steps},{tolerance!r},{float(sigma)!r}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
