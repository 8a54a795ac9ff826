#include "inventory.h"
#include <cstdio>

int main(int argc, char **argv) {
  Inventory inv;
  inv.add("apple", 5, 0.5);
  inv.add("banana", 12, 0.25);
  inv.add("kiwi", 3, 1.5);
  inv.add("fig", argc, 2.0);
  inv.remove("banana", 4);
  bool ok = inv.remove("kiwi", 7);
  std::vector<std::string> low = {"kiwi", "fig", "plum"};
  restock(inv, low, 6);
  for (const std::string &l : report(inv))
    std::printf("%s\n", l.c_str());
  std::vector<std::string> names = inv.names();
  std::printf("items %zu total %.2f removed %d first %s\n", inv.size(), inv.total(), ok,
              names.empty() ? "-" : names.front().c_str());
  return inv.count("plum") == 6 ? 0 : 1;
}
