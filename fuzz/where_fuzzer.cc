// libFuzzer target for the settings `where` language: parses arbitrary text and, when it
// parses, evaluates it on fixed rows and checks that ToString() is a fixed point of
// Parse(ToString()) that evaluates the same.

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "payback/settings/where_predicate.h"

namespace {

void Check(bool condition, const char* what, std::string_view detail) {
  if (condition) return;
  std::fprintf(stderr, "where_fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// The values assigned to the predicate's properties, cycled with a per-row offset.
std::array<payback::PropertyValue, 8> SampleValues() {
  using Kind = payback::PropertyValue::Kind;
  return {{
      {Kind::kNull, 0, {}},
      {Kind::kNumber, 0, {}},
      {Kind::kNumber, 2'500'000, {}},
      {Kind::kNumber, -3'000'000, {}},
      {Kind::kString, 0, "Gift Card"},
      {Kind::kString, 0, "12.5"},
      {Kind::kString, 0, ""},
      {Kind::kString, 0, "a'b\"c"},
  }};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = payback::WherePredicate::Parse(text);
  if (!parsed.ok()) {
    Check(parsed.status().location().column >= 1, "error without a column", text);
    return 0;
  }
  const payback::WherePredicate& predicate = *parsed;
  const std::string canonical = predicate.ToString();
  auto reparsed = payback::WherePredicate::Parse(canonical);
  Check(reparsed.ok(), "ToString() does not parse", canonical);
  Check(reparsed->ToString() == canonical, "ToString() is not stable", canonical);
  Check(reparsed->properties() == predicate.properties(), "properties differ", canonical);

  const auto samples = SampleValues();
  std::vector<payback::PropertyValue> row(predicate.properties().size());
  for (size_t offset = 0; offset < samples.size(); ++offset) {
    for (size_t prop_idx = 0; prop_idx < row.size(); ++prop_idx) {
      row[prop_idx] = samples[(prop_idx + offset) % samples.size()];
    }
    Check(predicate.Evaluate(row) == reparsed->Evaluate(row), "evaluation differs", canonical);
  }
  return 0;
}
