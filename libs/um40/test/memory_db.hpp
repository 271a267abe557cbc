#pragma once

#include <stdexcept>
#include <string>

#include "meterhub/core/error.hpp"
#include "meterhub/um40/target.hpp"

/// A fresh in-memory meter.db through the local target, for checking statements against real SQLite.
inline std::unique_ptr<meterhub::um40::target> memory_db() {
  auto t = meterhub::um40::open_local(":memory:", true);
  if (!t)
    throw std::runtime_error(meterhub::describe(t.error()));
  return std::move(*t);
}

/// The single value of a one-column query, "NULL" for NULL or no row.
inline std::string scalar(meterhub::um40::target& db, const std::string& sql) {
  auto rows = db.query({sql, {}}, 1);
  if (!rows)
    throw std::runtime_error(meterhub::describe(rows.error()));
  return rows->empty() || !(*rows)[0][0] ? "NULL" : *(*rows)[0][0];
}
