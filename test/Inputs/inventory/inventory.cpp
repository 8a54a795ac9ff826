#include "inventory.h"

double Inventory::total() const {
  double sum = 0;
  for (const auto &kv : items_)
    sum += kv.second.value();
  return sum;
}

bool Inventory::remove(const std::string &name, int qty) {
  auto it = items_.find(name);
  if (it == items_.end() || it->second.qty < qty)
    return false;
  it->second.qty = clamp_to(it->second.qty - qty, 0, 1000);
  return true;
}
