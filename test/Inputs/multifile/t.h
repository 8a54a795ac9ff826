// The example: a template used from two files.
template <class T> T twice(T x) { return x * 2; }
