#include "t.h"
int fa(int x) { return twice(x) + 1; }
