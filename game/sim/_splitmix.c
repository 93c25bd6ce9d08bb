/* The game's SplitMix64 stream (game/engine/rng.py) for the simulation kernel, in C.
 *
 * game/engine/rng.py is the definition; this file computes the same numbers without
 * Python's arbitrary-precision integers, which made each step cost about as much as the
 * rest of a draw. game/sim/splitmix.py imports it when the install compiled it (the
 * build hook, hatch_build.py) and otherwise uses its pure-Python twins; a Hypothesis
 * test holds the two to the same outputs (tests/test_splitmix.py).
 *
 * Only the stream's arithmetic and a bisection live here: no rule of the game.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#define GOLDEN 0x9E3779B97F4A7C15ULL
#define UNIT (1.0 / 9007199254740992.0) /* 2**-53 */

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Checks the count of arguments and reads the first, a state: an int in [0, 2**64)
 * (anything else raises OverflowError or TypeError). 0, or -1 with the error set. */
static int start(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t want, const char *usage, uint64_t *state) {
    if (nargs != want) {
        PyErr_Format(PyExc_TypeError, "%s takes %zd arguments (%zd given)", usage, want, nargs);
        return -1;
    }
    unsigned long long value = PyLong_AsUnsignedLongLong(args[0]);
    if (value == (unsigned long long)-1 && PyErr_Occurred())
        return -1;
    *state = (uint64_t)value;
    return 0;
}

/* One step of the stream: the state advances, x = rng.next_float's number in [0, 1). */
static inline double next_unit(uint64_t *state) {
    *state += GOLDEN;
    return (double)(mix(*state) >> 11) * UNIT;
}

/* step(state) -> (state, z): rng.next_u64. */
static PyObject *step(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    uint64_t s;
    if (start(args, nargs, 1, "step(state)", &s) < 0)
        return NULL;
    s += GOLDEN;
    return Py_BuildValue("(KK)", (unsigned long long)s, (unsigned long long)mix(s));
}

/* draw(state, total, ends) -> (state, target, index): target = rng.next_float's x
 * times total, index = bisect.bisect_right(ends, target); ends a list of floats. */
static PyObject *draw(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    uint64_t s;
    double total;
    PyObject *ends = nargs == 3 ? args[2] : NULL;
    if (start(args, nargs, 3, "draw(state, total, ends)", &s) < 0
        || ((total = PyFloat_AsDouble(args[1])) == -1.0 && PyErr_Occurred()))
        return NULL;
    if (!PyList_Check(ends)) {
        PyErr_SetString(PyExc_TypeError, "draw: ends must be a list of floats");
        return NULL;
    }
    double target = next_unit(&s) * total;
    Py_ssize_t lo = 0, hi = PyList_GET_SIZE(ends);
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        PyObject *end = PyList_GET_ITEM(ends, mid);
        if (!PyFloat_CheckExact(end)) {
            PyErr_SetString(PyExc_TypeError, "draw: ends must be a list of floats");
            return NULL;
        }
        if (target < PyFloat_AS_DOUBLE(end))
            hi = mid;
        else
            lo = mid + 1;
    }
    return Py_BuildValue("(Kdn)", (unsigned long long)s, target, lo);
}

/* pick(state, n) -> (index, state): int(rng.next_float's x * n), a uniform pick. */
static PyObject *pick(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    uint64_t s;
    Py_ssize_t n;
    if (start(args, nargs, 2, "pick(state, n)", &s) < 0 || ((n = PyLong_AsSsize_t(args[1])) == -1 && PyErr_Occurred()))
        return NULL;
    if (n < 1) {
        PyErr_SetString(PyExc_ValueError, "pick: n must be at least 1");
        return NULL;
    }
    double x = next_unit(&s);
    return Py_BuildValue("(nK)", (Py_ssize_t)(x * (double)n), (unsigned long long)s);
}

static PyMethodDef methods[] = {
    {"step", (PyCFunction)(void (*)(void))step, METH_FASTCALL, "step(state) -> (state, z)"},
    {"draw", (PyCFunction)(void (*)(void))draw, METH_FASTCALL, "draw(state, total, ends) -> (state, target, index)"},
    {"pick", (PyCFunction)(void (*)(void))pick, METH_FASTCALL, "pick(state, n) -> (index, state)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_splitmix", "The game's SplitMix64 stream in C (see game/sim/splitmix.py).", -1, methods,
};

PyMODINIT_FUNC PyInit__splitmix(void) { return PyModule_Create(&module); }
