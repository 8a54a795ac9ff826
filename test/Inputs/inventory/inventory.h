// A small inventory: std::map, std::string, std::vector, templates and
// member functions defined in the class, shared by every file.
#pragma once
#include <algorithm>
#include <map>
#include <string>
#include <vector>

struct Item {
  int qty = 0;
  double price = 0;
  double value() const { return qty * price; }
};

template <class T> T clamp_to(T v, T lo, T hi) { return v < lo ? lo : v > hi ? hi : v; }

template <class K, class V> std::vector<K> keys_of(const std::map<K, V> &m) {
  std::vector<K> out;
  for (const auto &kv : m)
    out.push_back(kv.first);
  return out;
}

class Inventory {
public:
  void add(const std::string &name, int qty, double price) {
    Item &it = items_[name];
    it.qty = clamp_to(it.qty + qty, 0, 1000);
    it.price = price;
  }
  int count(const std::string &name) const {
    auto it = items_.find(name);
    return it == items_.end() ? 0 : it->second.qty;
  }
  size_t size() const { return items_.size(); }
  double total() const;
  std::vector<std::string> names() const { return keys_of(items_); }
  bool remove(const std::string &name, int qty);

private:
  std::map<std::string, Item> items_;
};

std::vector<std::string> report(const Inventory &inv);
void restock(Inventory &inv, const std::vector<std::string> &names, int qty);
