#include "inventory.h"
#include <cstdio>

static std::string line_for(const Inventory &inv, const std::string &name) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%-8s %4d", name.c_str(), inv.count(name));
  return buf;
}

std::vector<std::string> report(const Inventory &inv) {
  std::vector<std::string> lines;
  std::vector<std::string> names = inv.names();
  std::sort(names.begin(), names.end(), [](const std::string &a, const std::string &b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  for (const std::string &n : names)
    lines.push_back(line_for(inv, n));
  return lines;
}

void restock(Inventory &inv, const std::vector<std::string> &names, int qty) {
  for (const std::string &n : names)
    if (inv.count(n) < qty)
      inv.add(n, clamp_to(qty - inv.count(n), 0, qty), 1.0);
}
