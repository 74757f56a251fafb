"""The hidden tests of the code exercises, by exercise label: the teacher's copy only.

Each is Python appended to the exercise's check cell in the nbgrader source (see
:func:`helpers.publishing.student.nbgrader_source`) between nbgrader's hidden-test markers: nbgrader's
student version does not show it, and autograding puts it back. Each draws random inputs from a seeded
generator and compares the student's function with an implementation written apart from the book's
solution (another library or a plain loop), so a function that only reproduces the visible example fails.
This module is left out of the wheel the student kit ships (:data:`helpers.publishing.kits.TEACHER_ONLY`).
"""

HIDDEN: dict[str, str] = {
    "data-density": """
import pandas as pd

rng = np.random.default_rng(43)
for _ in range(5):
    pairs = pd.DataFrame({"who": rng.integers(0, 40, 300) * 7, "what": rng.integers(0, 25, 300) + 1000})
    pairs = pairs.drop_duplicates()
    table = pd.crosstab(pairs.who, pairs.what)
    expected = 100 * float((table > 0).to_numpy().mean())
    exercises.check_close(density_pct(pairs, "who", "what"), expected, 1e-9, "density_pct")
""",
    "data-checksum": """
import hashlib
import tempfile
from pathlib import Path

rng = np.random.default_rng(43)
with tempfile.TemporaryDirectory() as folder:
    for size in (0, 1, (1 << 20) - 1, 1 << 20, 3 * (1 << 20) + 17):
        data = rng.integers(0, 256, size, dtype=np.uint8).tobytes()
        path = Path(folder) / f"{size}.bin"
        path.write_bytes(data)
        exercises.check_equal(sha256_of_file(path), hashlib.sha256(data).hexdigest(), f"sha256 of {size} bytes")
""",
    "data-duplicates": """
rng = np.random.default_rng(43)
for n in (1, 60, 400):
    frame = pd.DataFrame({"who": rng.integers(0, 12, n), "what": rng.integers(0, 9, n), "stars": rng.integers(1, 6, n)})
    seen, expected = set(), 0
    for pair in zip(frame.who, frame.what):
        expected += pair in seen
        seen.add(pair)
    exercises.check_equal(duplicated_pairs(frame, "who", "what"), expected, f"duplicated_pairs of {n} random rows")
""",
    "data-long-tail": """
import math

rng = np.random.default_rng(43)
for n_items, top_pct in ((7, 10), (30, 25), (200, 50)):
    counts = rng.integers(1, 40, n_items)
    frame = pd.DataFrame({"movie": np.repeat(np.arange(n_items) * 3 + 1, counts)}).sample(frac=1, random_state=1)
    ranked = sorted(counts.tolist(), reverse=True)
    kept = math.ceil(n_items * top_pct / 100)
    expected = 100 * sum(ranked[:kept]) / sum(ranked)
    exercises.check_close(top_share_pct(frame, "movie", top_pct), expected, 1e-9, f"top {top_pct} % of {n_items} items")
""",
    "bo-rmsle": """
import math

rng = np.random.default_rng(43)
for n in (1, 7, 200):
    actual, predicted = rng.lognormal(16, 2, n), rng.lognormal(16, 2, n)
    expected = math.sqrt(sum((math.log1p(a) - math.log1p(p)) ** 2 for a, p in zip(actual, predicted)) / n)
    exercises.check_close(rmsle(actual, predicted), expected, 1e-9, f"rmsle of {n} films")
""",
    "bo-bias": """
rng = np.random.default_rng(43)
for n in (1, 9, 150):
    actual, predicted = rng.normal(16, 2, n), rng.normal(16, 2, n)
    expected = sum(p - a for a, p in zip(actual, predicted)) / n
    exercises.check_close(mean_signed_error(actual, predicted), expected, 1e-9, f"mean_signed_error of {n} films")
""",
    "bo-batchnorm": """
import statistics

rng = np.random.default_rng(43)
for epsilon in (1e-3, 0.5):
    X = rng.normal(3, 5, size=(11, 4))
    expected = np.array([
        [(x - statistics.fmean(column)) / (statistics.pvariance(column) + epsilon) ** 0.5 for x in column]
        for column in X.T.tolist()
    ]).T
    got = standardise(X, epsilon)
    exercises.check_close(float(np.abs(got - expected).max()), 0.0, 1e-9, f"standardise (epsilon {epsilon})")
""",
    "bo-permutation": """
rng = np.random.default_rng(43)
for n, repeats in ((8, 1), (40, 3)):
    X, weights = rng.normal(size=(n, 3)), rng.normal(size=3)
    y = np.tanh(X) @ weights + rng.normal(size=n)
    orders = np.array([rng.permutation(n) for _ in range(repeats)])

    def predict(films, weights=weights):
        return np.tanh(films) @ weights

    def rmse(films):
        return (sum((t - p) ** 2 for t, p in zip(y, predict(films))) / n) ** 0.5

    expected = []
    for column in range(3):
        rises = []
        for order in orders:
            shuffled = X.copy()
            shuffled[:, column] = [X[row, column] for row in order]
            rises.append(rmse(shuffled) - rmse(X))
        expected.append(sum(rises) / repeats)
    got = np.asarray(permutation_importance(predict, X, y, orders), dtype=float)
    exercises.check_close(float(np.abs(got - expected).max()), 0.0, 1e-9, f"permutation_importance ({n} films)")
""",
    "bo-paired-bootstrap": """
rng = np.random.default_rng(43)
for n in (5, 60):
    y = rng.normal(16, 2, n)
    first, second = y + rng.normal(0, 1, n), y + rng.normal(0.5, 1, n)
    draws, expected = np.random.default_rng(n), []
    for _ in range(10):
        films = draws.integers(n, size=n)
        first_error = (sum((y[k] - first[k]) ** 2 for k in films) / n) ** 0.5
        second_error = (sum((y[k] - second[k]) ** 2 for k in films) / n) ** 0.5
        expected.append(first_error - second_error)
    got = np.asarray(paired_bootstrap(y, first, second, 10, np.random.default_rng(n)), dtype=float)
    exercises.check_close(float(np.abs(got - expected).max()), 0.0, 1e-9, f"paired_bootstrap ({n} films)")
""",
    "ml-cosine": """
from scipy.spatial import distance

rng = np.random.default_rng(43)
for _ in range(5):
    a, b = rng.integers(0, 6, 30).astype(float), rng.integers(0, 6, 30).astype(float)
    a[0], b[1] = 4.0, 2.0
    exercises.check_close(cosine(a, b), 1 - distance.cosine(a, b), 1e-9, "cosine")
""",
    "ml-study-formula": """
rng = np.random.default_rng(43)
for n in (2, 5, 40):
    similarities, ratings = rng.uniform(-1, 1, n), rng.integers(0, 6, n).astype(float)
    expected = sum(s * r for s, r in zip(similarities, ratings)) / sum(abs(s) for s in similarities)
    exercises.check_close(predict_study_one(similarities, ratings), expected, 1e-9, "the study's prediction")
""",
    "ml-kfold": """
rng = np.random.default_rng(43)
for n, k in ((7, 2), (23, 4), (50, 7)):
    base, extra = divmod(n, k)
    start, expected = 0, []
    for fold in range(k):
        size = base + (1 if fold < extra else 0)
        test = list(range(start, start + size))
        expected.append(([i for i in range(n) if i not in test], test))
        start += size
    got = [(np.asarray(train).tolist(), np.asarray(test).tolist()) for train, test in kfold_indices(n, k)]
    exercises.check_equal(got, expected, f"kfold_indices({n}, {k})")
""",
    "ml-genre-precision": """
rng = np.random.default_rng(43)
names = ["Drama", "Comedy", "Horror", "Western"]
for n, k in ((7, 3), (25, 4), (40, 5)):
    similarity = rng.uniform(-1, 1, size=(n, n))
    genres = [{g for g in names if rng.random() < 0.35} for _ in range(n)]
    genres[0] = set()  # a movie without a genre is left out of the mean
    shares = []
    for movie in range(n):
        if genres[movie]:
            others = sorted((j for j in range(n) if j != movie), key=lambda j: (-similarity[movie, j], j))[:k]
            shares.append(sum(bool(genres[movie] & genres[j]) for j in others) / k)
    expected = sum(shares) / len(shares)
    got = genre_precision_at_k(similarity, genres, k)
    exercises.check_close(got, expected, 1e-12, f"genre precision@{k} of {n} random movies")
""",
    "ml-sgd-step": """
rng = np.random.default_rng(43)
for k in (3, 3, 3):
    x_u, y_i = rng.normal(size=k), rng.normal(size=k)
    r, lr, reg = float(rng.integers(1, 6)), float(rng.uniform(0.01, 0.2)), float(rng.uniform(0, 0.3))
    error = r - sum(x * y for x, y in zip(x_u, y_i))
    expected = [x + lr * (error * y - reg * x) for x, y in zip(x_u, y_i)]
    expected += [y + lr * (error * x - reg * y) for x, y in zip(x_u, y_i)]
    got = np.concatenate(sgd_step(x_u.copy(), y_i.copy(), r, lr, reg))
    exercises.check_close(float(np.abs(got - expected).max()), 0.0, 1e-9, f"one SGD step (k = {k})")
""",
    "dy-windows": """
rng = np.random.default_rng(43)
for n, w in ((10, 1), (30, 7), (8, 7)):
    series = rng.integers(0, 50, n)
    inputs, targets = make_windows(series, w)
    expected = ([series[k : k + w].tolist() for k in range(n - w)], series[w:].tolist())
    got = (np.asarray(inputs).tolist(), np.asarray(targets).tolist())
    exercises.check_equal(got, expected, f"make_windows (w = {w})")
""",
    "dy-persistence": """
from sklearn.metrics import r2_score

rng = np.random.default_rng(43)
for n in (5, 60):
    series = np.cumsum(rng.normal(size=n))
    expected = r2_score(series[1:], series[:-1])
    exercises.check_close(persistence_r2(series), expected, 1e-9, f"persistence_r2 ({n} minutes)")
""",
    "dy-lstm-step": """
import keras

rng = np.random.default_rng(43)
for units, inputs in ((2, 3), (2, 3)):
    x, h, c = rng.normal(size=inputs), rng.normal(size=units), rng.normal(size=units)
    W, U, b = rng.normal(size=(inputs, 4 * units)), rng.normal(size=(units, 4 * units)), rng.normal(size=4 * units)
    cell = keras.layers.LSTMCell(units)
    cell.build((1, inputs))
    cell.set_weights([W, U, b])
    _, (keras_h, keras_c) = cell(x[None].astype("float32"), [h[None].astype("float32"), c[None].astype("float32")])
    mine_h, mine_c = lstm_step(x, h, c, W, U, b)
    expected = np.concatenate([keras.ops.convert_to_numpy(keras_h)[0], keras.ops.convert_to_numpy(keras_c)[0]])
    got = np.concatenate([mine_h, mine_c])
    exercises.check_close(float(np.abs(got - expected).max()), 0.0, 1e-4, f"lstm_step ({units} units, h, c not 0)")
""",
    "dy-block-bootstrap": """
import math

rng = np.random.default_rng(43)
for n, block in ((9, 4), (50, 7)):
    y = rng.poisson(20, n).astype(float)
    forecast, baseline = y + rng.normal(0, 2, n), np.roll(y, 1)
    draws, expected = np.random.default_rng(n), []
    for _ in range(10):
        starts = draws.integers(n - block + 1, size=math.ceil(n / block))
        minutes = [start + step for start in starts for step in range(block)][:n]
        forecast_error = (sum((y[m] - forecast[m]) ** 2 for m in minutes) / n) ** 0.5
        baseline_error = (sum((y[m] - baseline[m]) ** 2 for m in minutes) / n) ** 0.5
        expected.append(forecast_error - baseline_error)
    got = np.asarray(block_bootstrap(y, forecast, baseline, block, 10, np.random.default_rng(n)), dtype=float)
    what = f"block_bootstrap ({n} minutes, blocks of {block})"
    exercises.check_close(float(np.abs(got - expected).max()), 0.0, 1e-9, what)
""",
    "dy-diebold-mariano": """
import statsmodels.api as sm

rng = np.random.default_rng(43)
for n, lags in ((30, 1), (200, 4), (120, 0)):
    first, second = np.cumsum(rng.normal(size=n)) * 0.2 + rng.normal(size=n), rng.normal(0, 1.1, n)
    losses = first**2 - second**2
    hac = sm.OLS(losses, np.ones(n)).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": False})
    what = f"diebold_mariano ({n} minutes, {lags} lags)"
    exercises.check_close(diebold_mariano(first, second, lags), float(hac.tvalues[0]), 1e-9, what)
""",
    "dn-fm-pairs": """
import itertools

rng = np.random.default_rng(43)
for n, k in ((1, 3), (2, 1), (9, 5)):
    v = rng.normal(size=(n, k))
    expected = sum(float(np.dot(a, b)) for a, b in itertools.combinations(v, 2))
    exercises.check_close(fm_pairs(v), expected, 1e-9, f"fm_pairs of {n} features")
""",
    "dn-distill-loss": """
from scipy.special import log_softmax

rng = np.random.default_rng(43)
for classes, weight in ((3, 0.0), (10, 0.7)):
    teacher, student = rng.normal(0, 3, size=(2, classes))
    label = int(rng.integers(classes))
    hint = weight * np.sum(np.square(student - teacher))
    expected = -log_softmax(student)[label] - log_softmax(teacher)[label] + hint
    got = distillation_loss(label, teacher, student, weight)
    exercises.check_close(got, float(expected), 1e-9, f"distillation_loss ({classes} classes)")
""",
    "dn-mlp-size": """
rng = np.random.default_rng(43)
for _ in range(4):
    n_inputs, n_outputs = int(rng.integers(1, 50)), int(rng.integers(1, 10))
    units = tuple(int(u) for u in rng.integers(1, 64, int(rng.integers(0, 4))))
    expected, previous = 0, n_inputs
    for width in (*units, n_outputs):
        expected += previous * width + width
        previous = width
    exercises.check_equal(mlp_size(n_inputs, units, n_outputs), expected, f"mlp_size({n_inputs}, {units}, {n_outputs})")
""",
    "dn-paired-interval": """
from scipy import stats

rng = np.random.default_rng(43)
for n, level in ((5, 0.95), (40, 0.9), (300, 0.99)):
    first, second = rng.gamma(2.0, 0.4, n), rng.gamma(2.0, 0.45, n)
    by_scipy = stats.ttest_rel(first, second).confidence_interval(level)
    expected = (sum(first - second) / n, by_scipy.low, by_scipy.high)
    got = paired_interval(first, second, level)
    for end, value, wanted in zip(("estimate", "low", "high"), got, expected):
        exercises.check_close(float(value), float(wanted), 1e-9, f"paired_interval of {n} films: {end}")
""",
    "dn-tost": """
from statsmodels.stats.weightstats import ttost_paired

rng = np.random.default_rng(43)
for n, shift, margin in ((8, 0.0, 0.3), (30, 0.2, 0.25), (200, -0.05, 0.1)):
    first = rng.gamma(2.0, 0.4, n)
    second = first + shift + rng.normal(0, 0.3, n)
    expected = float(ttost_paired(first, second, -margin, margin)[0])
    exercises.check_close(tost_p_value(first, second, margin), expected, 1e-9, f"tost_p_value of {n} films")
""",
    "nf-normalise": """
from scipy import stats

rng = np.random.default_rng(43)
for n in (25, 25):
    ratings = rng.integers(1, 6, n).astype(float)
    ratings[0] = 1.0 if ratings[1] != 1.0 else 5.0
    z, mean, std = normalise(ratings)
    exercises.check_close(float(np.abs(np.asarray(z) - stats.zscore(ratings)).max()), 0.0, 1e-9, "normalise: z")
    exercises.check_close(float(mean), float(np.average(ratings)), 1e-9, "normalise: mean")
    exercises.check_close(float(std), float(stats.tstd(ratings) * ((n - 1) / n) ** 0.5), 1e-9, "normalise: std")
    back = np.asarray(to_stars(np.asarray(z), mean, std))
    exercises.check_close(float(np.abs(back - ratings).max()), 0.0, 1e-9, "to_stars(normalise(r)) = r")
""",
    "nf-biases": """
rng = np.random.default_rng(43)
n_users, n_movies, k, n = 6, 4, 3, 20
for _ in range(3):
    P, Q = rng.normal(size=(n_users, k)), rng.normal(size=(n_movies, k))
    user_bias, item_bias = rng.normal(size=n_users), rng.normal(size=n_movies)
    users, items = rng.integers(0, n_users, n), rng.integers(0, n_movies, n)
    expected = [sum(P[u][j] * Q[i][j] for j in range(k)) + user_bias[u] + item_bias[i] for u, i in zip(users, items)]
    got = biased_mf(P, Q, user_bias, item_bias, users, items)
    exercises.check_close(float(np.abs(np.asarray(got) - expected).max()), 0.0, 1e-9, "biased_mf")
""",
    "nf-penalty": """
rng = np.random.default_rng(43)
for weight in (0.03, 0.5):
    P, Q = rng.normal(size=(7, 3)), rng.normal(size=(5, 3))
    users, items = rng.integers(0, 7, 12), rng.integers(0, 5, 12)
    expected = weight * (np.linalg.norm(P, "fro") ** 2 + np.linalg.norm(Q, "fro") ** 2)
    exercises.check_close(matrix_penalty(P, Q, weight), float(expected), 1e-9, "matrix_penalty")
    per_pair = [np.linalg.norm(P[u]) ** 2 + np.linalg.norm(Q[i]) ** 2 for u, i in zip(users, items)]
    got = pair_penalty(P, Q, users, items, weight)
    exercises.check_close(got, weight * float(np.average(per_pair)), 1e-9, "pair_penalty")
""",
    "nf-paired-bootstrap": """
import math

rng = np.random.default_rng(43)
for _ in range(3):
    actual = rng.integers(1, 6, 40).astype(float)
    first, second = actual + rng.normal(0, 0.8, 40), actual + rng.normal(0.1, 1.0, 40)
    indices = rng.integers(0, 40, size=(300, 40))

    def rmse(predicted, rows):
        return math.sqrt(sum((predicted[r] - actual[r]) ** 2 for r in rows) / len(rows))

    draws = sorted(rmse(first, row) - rmse(second, row) for row in indices)
    ends = [np.interp(q * (len(draws) - 1), range(len(draws)), draws) for q in (0.025, 0.975)]
    expected = [rmse(first, range(40)) - rmse(second, range(40)), *ends]
    got = bootstrap_rmse_difference(actual, first, second, indices)
    exercises.check_close(float(np.abs(np.subtract(got, expected)).max()), 0.0, 1e-9, "bootstrap_rmse_difference")
""",
    "nf-als-biases": """
rng = np.random.default_rng(43)
n_users, n_items, n = 7, 5, 30
for shrinkage, sweeps in (((15.0, 10.0), 10), ((2.0, 0.5), 3), ((0.5, 4.0), 25)):
    users, items = rng.integers(0, n_users, n), rng.integers(0, n_items, n)
    ratings = rng.integers(1, 6, n).astype(float)
    mean = sum(ratings) / n
    user_bias, item_bias = [0.0] * n_users, [0.0] * n_items
    for _ in range(sweeps):
        for i in range(n_items):
            mine = [r - mean - user_bias[u] for u, j, r in zip(users, items, ratings) if j == i]
            item_bias[i] = sum(mine) / (shrinkage[1] + len(mine)) if mine else 0.0
        for u in range(n_users):
            mine = [r - mean - item_bias[i] for v, i, r in zip(users, items, ratings) if v == u]
            user_bias[u] = sum(mine) / (shrinkage[0] + len(mine)) if mine else 0.0
    expected = mean + np.add.outer(user_bias, item_bias)
    got_mean, got_users, got_items = fit_biases(users, items, ratings, n_users, n_items, shrinkage, sweeps)
    got = got_mean + np.add.outer(np.asarray(got_users), np.asarray(got_items))
    exercises.check_close(float(np.abs(got - expected).max()), 0.0, 1e-9, f"fit_biases ({sweeps} sweeps)")
""",
    "sc-exponent": """
from scipy import stats

rng = np.random.default_rng(43)
sizes = np.array([1e3, 1e4, 1e5, 1e6, 1e7])
for _ in range(3):
    seconds = 0.02 * sizes ** rng.uniform(0.8, 1.3) * rng.lognormal(0, 0.2, sizes.size)
    expected = stats.linregress(np.log10(sizes), np.log10(seconds)).slope
    exercises.check_close(growth_exponent(sizes, seconds), float(expected), 1e-9, "growth_exponent of noisy times")
""",
    "sc-cost-model": """
import statsmodels.api as sm

rng = np.random.default_rng(43)
for batch in (512, 4096):
    ratings = np.repeat([1e5, 3e5, 1e6], 3).astype(float)
    rows = ratings / 209 + 17_770
    truth = 2.0 + 1e-6 * ratings + 2e-7 * ratings / batch * rows
    seconds = truth * rng.lognormal(0, 0.05, ratings.size)
    design = sm.add_constant(np.column_stack([ratings, ratings / batch * rows]))
    new_ratings, new_rows = 3e6, 3e6 / 209 + 17_770
    expected = sm.OLS(seconds, design).fit().predict([[1.0, new_ratings, new_ratings / batch * new_rows]])[0]
    got = fit_and_predict(ratings, rows, seconds, batch, new_ratings, new_rows)
    exercises.check_close(got, float(expected), 1e-6, f"fit_and_predict with batches of {batch}")
""",
    "sc-efficiency": """
import statistics

rng = np.random.default_rng(43)
for workers, n_one, n_many in ((2, 3, 3), (4, 5, 4), (8, 1, 2)):
    one, many = rng.uniform(5, 10, n_one).tolist(), rng.uniform(1, 5, n_many).tolist()
    median_one, median_many = statistics.median(one), statistics.median(many)
    got = scaling(one, many, workers)
    exercises.check_close(got[0], median_one, 1e-9, "median on one worker")
    exercises.check_close(got[1], median_many, 1e-9, "median on many workers")
    exercises.check_close(got[2], median_one / (workers * median_many), 1e-9, f"efficiency on {workers} workers")
""",
    "sc-format": """
rng = np.random.default_rng(43)
for movie, n in ((4711, 5), (17770, 1)):
    users, stars = rng.integers(1, 2_649_430, n), rng.integers(1, 6, n)
    years, months, days = rng.integers(0, 6, n), rng.integers(1, 10, n), rng.integers(0, 10, n)
    dates = [f"200{y}-0{m}-1{d}" for y, m, d in zip(years, months, days)]
    frame = pd.DataFrame({"user_id": users, "rating": stars, "date": dates})
    expected = f"{movie}:\\n"
    for user, rating, date in zip(users, stars, dates):
        expected += str(user) + "," + str(rating) + "," + date + "\\n"
    exercises.check_equal(movie_block(movie, frame), expected, f"movie_block of {n} random ratings")
""",
}
