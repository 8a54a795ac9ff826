#include "t.h"
int fa(int);
int main() { return twice(3) + fa(4) == 15 ? 0 : 1; }
