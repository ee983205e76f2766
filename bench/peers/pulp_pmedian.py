"""Peer for bench/optimize.bench.ts: the p-median MILP of an OR-Library pmed file, modelled in PuLP and
solved by CBC (Debian python3-pulp + coinor-cbc; the engine behind PySAL spopt's p-median).

Same problem as saavu: distances are Floyd-Warshall shortest paths with the LAST duplicate edge winning;
same formulation as saavu's HiGHS model (src/optimize/milp.ts): min sum d_ij x_ij, sum_j x_ij = 1,
x_ij <= y_j, sum_j y_j = p, x continuous in [0, 1], y binary.

Usage: /usr/bin/python3 bench/peers/pulp_pmedian.py FILE TIME_LIMIT_SECONDS
Prints one JSON line: objective, status, selected (1-based), build_seconds, solve_seconds (CBC's wall time).
"""
import json
import sys
import time

import pulp


def read_orlib(path):
    with open(path) as f:
        tokens = f.read().split()
    n, e, p = int(tokens[0]), int(tokens[1]), int(tokens[2])
    inf = float("inf")
    d = [[inf] * n for _ in range(n)]
    for i in range(n):
        d[i][i] = 0
    for k in range(e):
        a, b, c = int(tokens[3 + 3 * k]) - 1, int(tokens[4 + 3 * k]) - 1, int(tokens[5 + 3 * k])
        if a != b:
            d[a][b] = c  # last occurrence wins
            d[b][a] = c
    for k in range(n):
        dk = d[k]
        for i in range(n):
            di = d[i]
            dik = di[k]
            if dik == inf:
                continue
            for j in range(n):
                v = dik + dk[j]
                if v < di[j]:
                    di[j] = v
    return n, p, d


def main():
    path, limit = sys.argv[1], float(sys.argv[2])
    t0 = time.perf_counter()
    n, p, d = read_orlib(path)
    prob = pulp.LpProblem("pmedian", pulp.LpMinimize)
    y = [pulp.LpVariable(f"y{j}", cat="Binary") for j in range(n)]
    x = [[pulp.LpVariable(f"x{i}_{j}", lowBound=0, upBound=1) for j in range(n)] for i in range(n)]
    prob += pulp.lpSum(d[i][j] * x[i][j] for i in range(n) for j in range(n))
    for i in range(n):
        prob += pulp.lpSum(x[i]) == 1
        for j in range(n):
            prob += x[i][j] <= y[j]
    prob += pulp.lpSum(y) == p
    t1 = time.perf_counter()
    solver = pulp.COIN_CMD(path="/usr/bin/cbc", msg=False, timeLimit=limit, threads=1)
    prob.solve(solver)
    t2 = time.perf_counter()
    selected = [j + 1 for j in range(n) if (y[j].value() or 0) > 0.5]
    print(json.dumps({
        "objective": pulp.value(prob.objective),
        "status": pulp.LpStatus[prob.status],
        "selected": selected,
        "build_seconds": t1 - t0,
        "solve_seconds": t2 - t1,
    }))


if __name__ == "__main__":
    main()
