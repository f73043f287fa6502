#include "payback/attribution/event_roles.h"

#include <algorithm>
#include <numeric>

namespace payback {

const std::vector<std::pair<std::string, std::string>>& EventAliases::Defaults() {
  static const std::vector<std::pair<std::string, std::string>> kDefaults = {
      {"Notification Sent", "sent"},
      {"Notification Delivered", "delivered"},
      {"Push Impressions", "delivered"},
      {"Notification Viewed", "viewed"},
      {"Notification Clicked", "clicked"},
      {"reached", "delivered"},
      {"opened", "viewed"},
  };
  return kDefaults;
}

EventAliases::EventAliases(
    const std::vector<std::pair<std::string, std::string>>& workspace_aliases) {
  aliases_ = workspace_aliases;
  for (const auto& alias : Defaults()) {
    const bool overridden = std::any_of(aliases_.begin(), aliases_.end(),
                                        [&](const auto& own) { return own.first == alias.first; });
    if (!overridden) aliases_.push_back(alias);
  }
}

std::string_view EventAliases::Canonical(std::string_view name) const {
  for (const auto& [from, to] : aliases_) {
    if (from == name) return to;
  }
  return name;
}

std::vector<Engagement> ResolveEngagements(const StringDictionary& event_names,
                                           const EventAliases& aliases) {
  std::vector<Engagement> engagements(event_names.size(), Engagement::kNone);
  for (uint32_t code = 0; code < event_names.size(); ++code) {
    const std::string_view canonical = aliases.Canonical(event_names.Get(code));
    if (canonical == "sent") engagements[code] = Engagement::kSent;
    if (canonical == "delivered") engagements[code] = Engagement::kDelivered;
    if (canonical == "viewed") engagements[code] = Engagement::kViewed;
    if (canonical == "clicked") engagements[code] = Engagement::kClicked;
  }
  return engagements;
}

std::vector<uint8_t> MatchEventNames(const StringDictionary& event_names,
                                     const EventAliases& aliases, std::string_view wanted) {
  const std::string_view canonical_wanted = aliases.Canonical(wanted);
  std::vector<uint8_t> matches(event_names.size(), 0);
  for (uint32_t code = 0; code < event_names.size(); ++code) {
    const std::string_view name = event_names.Get(code);
    matches[code] = name == wanted || aliases.Canonical(name) == canonical_wanted;
  }
  return matches;
}

std::vector<uint32_t> RankByBytes(const StringDictionary& dictionary) {
  std::vector<uint32_t> order(dictionary.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t left, uint32_t right) {
    return dictionary.Get(left) < dictionary.Get(right);
  });
  std::vector<uint32_t> rank(dictionary.size());
  for (uint32_t position = 0; position < order.size(); ++position) rank[order[position]] = position;
  return rank;
}

}  // namespace payback
