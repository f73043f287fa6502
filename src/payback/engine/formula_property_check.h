#pragma once

#include <string>
#include <vector>

#include "payback/attribution/event_roles.h"
#include "payback/formula/compiled_formula.h"
#include "payback/status.h"
#include "payback/store/event_store.h"

namespace payback {

/// Checks the property argument of every PROPSUM/PROPAVG of `formula` against the data
/// (docs/formulas.md, "Functions"). For each (event, property), the events of that name (after
/// `aliases`) that hold the property decide:
/// - some hold a number (or a text that is a number): accepted;
/// - some hold it, none as a number: refused, kInvalidInput at the property's column;
/// - none holds it (no data yet, or a misspelt name): accepted, and a sentence saying so is
///   appended to `notes`, since the data may arrive later (the sum is 0 until it does).
/// Reads the store only; thread-safe for a const store.
Status CheckFormulaProperties(const CompiledFormula& formula, const EventStore& store,
                              const EventAliases& aliases, std::vector<std::string>& notes);

/// Whether `formula` has a PROPSUM or PROPAVG, i.e. whether CheckFormulaProperties needs data.
bool HasPropertyFunctions(const CompiledFormula& formula);

}  // namespace payback
