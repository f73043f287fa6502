#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "payback/attribution/attribution_model.h"

namespace payback {
namespace {

constexpr int64_t kDayUs = 86400LL * kMicrosPerSecond;
constexpr TimestampUs kConversionTs = 1'700'000'000LL * kMicrosPerSecond;
constexpr double kTolerance = 1e-12;

std::unique_ptr<AttributionModel> MakeModel(std::string_view name, const ModelParams& params = {}) {
  auto model = ModelRegistry::Instance().Create(name, params);
  EXPECT_TRUE(model.ok()) << name;
  return std::move(model).value();
}

/// Candidates `days_before` the conversion, one campaign each (campaign = position), in
/// canonical order as long as `days_before` is descending.
std::vector<Candidate> AtDaysBefore(const std::vector<double>& days_before) {
  std::vector<Candidate> candidates;
  for (size_t idx = 0; idx < days_before.size(); ++idx) {
    candidates.push_back({kConversionTs - static_cast<int64_t>(days_before[idx] * kDayUs),
                          static_cast<CampaignId>(idx), static_cast<MessageId>(idx)});
  }
  return candidates;
}

/// `count` candidates one day apart, the last one at the conversion.
std::vector<Candidate> Spaced(size_t count) {
  std::vector<double> days;
  for (size_t idx = 0; idx < count; ++idx) days.push_back(static_cast<double>(count - 1 - idx));
  return AtDaysBefore(days);
}

std::vector<double> Weights(const AttributionModel& model, const std::vector<Candidate>& candidates,
                            TimestampUs conversion_ts = kConversionTs) {
  std::vector<double> weights(candidates.size(), -1.0);
  model.Assign(conversion_ts, candidates, weights);
  return weights;
}

void ExpectWeights(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t idx = 0; idx < actual.size(); ++idx) {
    EXPECT_NEAR(actual[idx], expected[idx], kTolerance) << "candidate " << idx;
  }
}

// ---- registry ----

TEST(ModelRegistry, NamesFollowMetricsTableOrder) {
  const std::vector<std::string> expected = {
      "last_touch", "first_touch", "linear",          "time_decay", "position_based",
      "j_curve",    "inverse_j",   "custom_position", "any_touch",  "direct"};
  EXPECT_EQ(ModelRegistry::Instance().Names(), expected);
}

TEST(ModelRegistry, ContainsKnownNamesOnly) {
  const ModelRegistry& registry = ModelRegistry::Instance();
  EXPECT_TRUE(registry.Contains("last_touch"));
  EXPECT_TRUE(registry.Contains("direct"));
  EXPECT_FALSE(registry.Contains("Last_Touch"));
  EXPECT_FALSE(registry.Contains("last"));
  EXPECT_FALSE(registry.Contains(""));
}

TEST(ModelRegistry, CreateUnknownIsUsageError) {
  const auto model = ModelRegistry::Instance().Create("shapley", ModelParams{});
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kUsage);
}

TEST(ModelRegistry, EveryModelCarriesItsRegisteredName) {
  for (const std::string& name : ModelRegistry::Instance().Names()) {
    const auto model = MakeModel(name);
    ASSERT_NE(model, nullptr);
    EXPECT_EQ(model->name(), name);
    EXPECT_EQ(model->IsDirect(), name == "direct") << name;
    EXPECT_EQ(model->SplitsOneCredit(), name != "any_touch") << name;
  }
}

TEST(ModelRegistry, LocalRegistryKeepsRegistrationOrder) {
  ModelRegistry registry;
  RegisterDirectModel(registry);
  RegisterLinearModel(registry);
  EXPECT_EQ(registry.Names(), (std::vector<std::string>{"direct", "linear"}));
  EXPECT_FALSE(registry.Contains("last_touch"));
  EXPECT_EQ(registry.Create("last_touch", {}).status().code(), StatusCode::kUsage);
  EXPECT_TRUE(registry.Create("linear", {}).ok());
}

// ---- single-credit models ----

TEST(LastTouchModel, GivesAllCreditToLastCandidate) {
  const auto model = MakeModel("last_touch");
  ExpectWeights(Weights(*model, Spaced(1)), {1});
  ExpectWeights(Weights(*model, Spaced(2)), {0, 1});
  ExpectWeights(Weights(*model, Spaced(3)), {0, 0, 1});
  ExpectWeights(Weights(*model, Spaced(5)), {0, 0, 0, 0, 1});
}

TEST(LastTouchModel, TieOnTsGoesToBackOfCanonicalOrder) {
  const auto model = MakeModel("last_touch");
  // Same ts: canonical order sorts by campaign then message, the greatest at the back.
  const std::vector<Candidate> candidates = {
      {kConversionTs, 3, 0}, {kConversionTs, 7, 1}, {kConversionTs, 7, 4}};
  ExpectWeights(Weights(*model, candidates), {0, 0, 1});
}

TEST(FirstTouchModel, GivesAllCreditToFirstCandidate) {
  const auto model = MakeModel("first_touch");
  ExpectWeights(Weights(*model, Spaced(1)), {1});
  ExpectWeights(Weights(*model, Spaced(2)), {1, 0});
  ExpectWeights(Weights(*model, Spaced(3)), {1, 0, 0});
  ExpectWeights(Weights(*model, Spaced(5)), {1, 0, 0, 0, 0});
}

TEST(FirstTouchModel, TieOnTsGoesToFrontOfCanonicalOrder) {
  const auto model = MakeModel("first_touch");
  const std::vector<Candidate> candidates = {
      {kConversionTs - kDayUs, 3, 0}, {kConversionTs - kDayUs, 3, 2}, {kConversionTs, 1, 0}};
  ExpectWeights(Weights(*model, candidates), {1, 0, 0});
}

// ---- linear ----

TEST(LinearModel, SplitsEvenly) {
  const auto model = MakeModel("linear");
  ExpectWeights(Weights(*model, Spaced(1)), {1});
  ExpectWeights(Weights(*model, Spaced(2)), {0.5, 0.5});
  ExpectWeights(Weights(*model, Spaced(3)), {1.0 / 3, 1.0 / 3, 1.0 / 3});
  ExpectWeights(Weights(*model, Spaced(5)), {0.2, 0.2, 0.2, 0.2, 0.2});
}

// ---- time_decay ----

TEST(TimeDecayModel, HalfLifeSevenDaysHalvesWeightPerWeek) {
  const auto model = MakeModel("time_decay");  // default half life: 7 days
  ExpectWeights(Weights(*model, AtDaysBefore({0})), {1});
  // Raw 1/2 and 1 -> 1/3, 2/3.
  ExpectWeights(Weights(*model, AtDaysBefore({7, 0})), {1.0 / 3, 2.0 / 3});
  // Raw 1/4, 1/2, 1 -> 1/7, 2/7, 4/7.
  ExpectWeights(Weights(*model, AtDaysBefore({14, 7, 0})), {1.0 / 7, 2.0 / 7, 4.0 / 7});
  // Raw 1/16 .. 1 -> 1, 2, 4, 8, 16 over 31.
  ExpectWeights(Weights(*model, AtDaysBefore({28, 21, 14, 7, 0})),
                {1.0 / 31, 2.0 / 31, 4.0 / 31, 8.0 / 31, 16.0 / 31});
  // Half a half life: raw 2^-0.5 and 1.
  const double raw = 1.0 / std::sqrt(2.0);
  ExpectWeights(Weights(*model, AtDaysBefore({3.5, 0})), {raw / (1 + raw), 1 / (1 + raw)});
}

TEST(TimeDecayModel, OnlyRelativeAgesMatter) {
  const auto model = MakeModel("time_decay");
  // Latest candidate a week before the conversion: the common factor cancels.
  ExpectWeights(Weights(*model, AtDaysBefore({14, 7})), {1.0 / 3, 2.0 / 3});
}

TEST(TimeDecayModel, SameTsGivesEqualWeights) {
  const auto model = MakeModel("time_decay");
  ExpectWeights(Weights(*model, AtDaysBefore({2, 2, 2})), {1.0 / 3, 1.0 / 3, 1.0 / 3});
  ExpectWeights(Weights(*model, AtDaysBefore({7, 0, 0})), {1.0 / 5, 2.0 / 5, 2.0 / 5});
}

TEST(TimeDecayModel, ReadsHalfLifeParameter) {
  ModelParams params;
  params.half_life_us = kDayUs;
  const auto model = MakeModel("time_decay", params);
  ExpectWeights(Weights(*model, AtDaysBefore({2, 1, 0})), {1.0 / 7, 2.0 / 7, 4.0 / 7});
}

TEST(TimeDecayModel, OldTouchesFarBeyondHalfLifeStillSumToOne) {
  // 10 years at a 1 hour half life: 2^-87600 underflows, yet the split must stay defined.
  ModelParams params;
  params.half_life_us = 3600LL * kMicrosPerSecond;
  const auto model = MakeModel("time_decay", params);
  const TimestampUs old_ts = kConversionTs - 3650 * kDayUs;
  const std::vector<Candidate> candidates = {{old_ts, 1, 0},
                                             {old_ts + 3600LL * kMicrosPerSecond, 2, 0}};
  ExpectWeights(Weights(*model, candidates), {1.0 / 3, 2.0 / 3});
}

// ---- position models ----

TEST(PositionBasedModel, FortyTwentyForty) {
  const auto model = MakeModel("position_based");
  ExpectWeights(Weights(*model, Spaced(1)), {1});
  ExpectWeights(Weights(*model, Spaced(2)), {0.5, 0.5});
  ExpectWeights(Weights(*model, Spaced(3)), {0.4, 0.2, 0.4});
  ExpectWeights(Weights(*model, Spaced(4)), {0.4, 0.1, 0.1, 0.4});
  ExpectWeights(Weights(*model, Spaced(5)), {0.4, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.4});
}

TEST(JCurveModel, TwentyMiddleSixtyLast) {
  const auto model = MakeModel("j_curve");
  ExpectWeights(Weights(*model, Spaced(1)), {1});
  ExpectWeights(Weights(*model, Spaced(2)), {0.25, 0.75});
  ExpectWeights(Weights(*model, Spaced(3)), {0.2, 0.2, 0.6});
  ExpectWeights(Weights(*model, Spaced(4)), {0.2, 0.1, 0.1, 0.6});
  ExpectWeights(Weights(*model, Spaced(5)), {0.2, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.6});
}

TEST(JCurveModel, InverseJIsSixtyFirst) {
  const auto model = MakeModel("inverse_j");
  ExpectWeights(Weights(*model, Spaced(1)), {1});
  ExpectWeights(Weights(*model, Spaced(2)), {0.75, 0.25});
  ExpectWeights(Weights(*model, Spaced(3)), {0.6, 0.2, 0.2});
  ExpectWeights(Weights(*model, Spaced(5)), {0.6, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.2});
}

TEST(CustomPositionModel, NormalisesSettingsWeights) {
  ModelParams params;
  params.position_weights = {2, 1, 1};  // -> 0.5, 0.25, 0.25
  const auto model = MakeModel("custom_position", params);
  ExpectWeights(Weights(*model, Spaced(1)), {1});
  // Middle dropped, 2:1 renormalised.
  ExpectWeights(Weights(*model, Spaced(2)), {2.0 / 3, 1.0 / 3});
  ExpectWeights(Weights(*model, Spaced(3)), {0.5, 0.25, 0.25});
  ExpectWeights(Weights(*model, Spaced(5)), {0.5, 0.25 / 3, 0.25 / 3, 0.25 / 3, 0.25});
}

TEST(CustomPositionModel, DefaultWeightsMatchPositionBased) {
  const auto custom = MakeModel("custom_position");
  const auto position_based = MakeModel("position_based");
  for (size_t count = 1; count <= 6; ++count) {
    ExpectWeights(Weights(*custom, Spaced(count)), Weights(*position_based, Spaced(count)));
  }
}

TEST(CustomPositionModel, MiddleOnlyWeightsWithTwoCandidatesSplitEvenly) {
  ModelParams params;
  params.position_weights = {0, 1, 0};
  const auto model = MakeModel("custom_position", params);
  ExpectWeights(Weights(*model, Spaced(2)), {0.5, 0.5});
  ExpectWeights(Weights(*model, Spaced(3)), {0, 1, 0});
  ExpectWeights(Weights(*model, Spaced(4)), {0, 0.5, 0.5, 0});
}

TEST(CustomPositionModel, LastOnlyWeightsActLikeLastTouch) {
  ModelParams params;
  params.position_weights = {0, 0, 3};
  const auto model = MakeModel("custom_position", params);
  ExpectWeights(Weights(*model, Spaced(2)), {0, 1});
  ExpectWeights(Weights(*model, Spaced(4)), {0, 0, 0, 1});
}

TEST(CustomPositionModelDeathTest, AllZeroWeightsAreAProgrammerError) {
  ModelParams params;
  params.position_weights = {0, 0, 0};
  EXPECT_DEATH((void)ModelRegistry::Instance().Create("custom_position", params), "internal error");
}

// ---- any_touch ----

TEST(AnyTouchModel, OneCreditPerCampaignOnItsLastCandidate) {
  const auto model = MakeModel("any_touch");
  EXPECT_FALSE(model->SplitsOneCredit());
  const std::vector<Candidate> one = {{kConversionTs, 5, 0}};
  ExpectWeights(Weights(*model, one), {1});
  // Campaigns A=1, B=2, C=3 in time order A B A C B: A's last is #2, C's #3, B's #4.
  const std::vector<Candidate> mixed = {{kConversionTs - 5 * kDayUs, 1, 10},
                                        {kConversionTs - 4 * kDayUs, 2, 20},
                                        {kConversionTs - 3 * kDayUs, 1, 11},
                                        {kConversionTs - 2 * kDayUs, 3, 30},
                                        {kConversionTs - 1 * kDayUs, 2, 21}};
  ExpectWeights(Weights(*model, mixed), {0, 0, 1, 1, 1});
}

TEST(AnyTouchModel, SingleCampaignGetsOneCredit) {
  const auto model = MakeModel("any_touch");
  const std::vector<Candidate> candidates = {
      {kConversionTs - 2 * kDayUs, 4, 1}, {kConversionTs - kDayUs, 4, 2}, {kConversionTs, 4, 3}};
  ExpectWeights(Weights(*model, candidates), {0, 0, 1});
}

TEST(AnyTouchModel, TieOnTsCreditsBackOfCanonicalOrder) {
  const auto model = MakeModel("any_touch");
  // One campaign, two messages touched in the same second: the greater message id wins.
  const std::vector<Candidate> candidates = {{kConversionTs, 4, 1}, {kConversionTs, 4, 2}};
  ExpectWeights(Weights(*model, candidates), {0, 1});
}

TEST(AnyTouchModel, ManyCampaignsTakeTheSameRule) {
  // More distinct campaigns than the stack buffer holds: the sorted fallback runs.
  const auto model = MakeModel("any_touch");
  std::vector<Candidate> candidates;
  std::vector<double> expected;
  constexpr size_t kCampaigns = 150;
  for (size_t round = 0; round < 2; ++round) {
    for (size_t campaign = 0; campaign < kCampaigns; ++campaign) {
      // Second round: only even campaigns again, so odd ones keep their first-round candidate.
      if (round == 1 && campaign % 2 == 1) continue;
      candidates.push_back({kConversionTs - static_cast<int64_t>(1000 - candidates.size()),
                            static_cast<CampaignId>(campaign), static_cast<MessageId>(round)});
      expected.push_back(round == 1 || campaign % 2 == 1 ? 1.0 : 0.0);
    }
  }
  const std::vector<double> weights = Weights(*model, candidates);
  ExpectWeights(weights, expected);
  EXPECT_DOUBLE_EQ(std::accumulate(weights.begin(), weights.end(), 0.0), kCampaigns);
}

// ---- direct ----

TEST(DirectModelDeathTest, AssignIsAProgrammerError) {
  const auto model = MakeModel("direct");
  EXPECT_TRUE(model->IsDirect());
  const std::vector<Candidate> candidates = Spaced(1);
  std::vector<double> weights(1);
  EXPECT_DEATH(model->Assign(kConversionTs, candidates, weights), "internal error");
}

// ---- properties over random candidate lists ----

/// A random conversion's candidates in canonical order, within a 30-day window.
std::vector<Candidate> RandomCandidates(std::mt19937_64& rng) {
  // Mostly small lists; some long enough to take any_touch's fallback path.
  const size_t count = std::uniform_int_distribution<size_t>(0, 9)(rng) == 0
                           ? std::uniform_int_distribution<size_t>(50, 400)(rng)
                           : std::uniform_int_distribution<size_t>(1, 12)(rng);
  const CampaignId campaigns = std::uniform_int_distribution<CampaignId>(1, 120)(rng);
  // Few distinct timestamps, so that ties happen often.
  const int64_t distinct_ts = std::uniform_int_distribution<int64_t>(1, 20)(rng);
  std::vector<Candidate> candidates(count);
  for (Candidate& candidate : candidates) {
    const int64_t slot = std::uniform_int_distribution<int64_t>(0, distinct_ts - 1)(rng);
    candidate.ts = kConversionTs - slot * (30 * kDayUs / distinct_ts);
    candidate.campaign = std::uniform_int_distribution<CampaignId>(0, campaigns - 1)(rng);
    candidate.message = std::uniform_int_distribution<MessageId>(0, 3)(rng);
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.ts, a.campaign, a.message) < std::tie(b.ts, b.campaign, b.message);
  });
  return candidates;
}

TEST(ModelProperties, SplittingModelsSumToOneOnRandomCandidates) {
  std::mt19937_64 rng(20240617);
  ModelParams params;
  params.position_weights = {0.3, 0.5, 0.2};
  std::vector<std::unique_ptr<AttributionModel>> models;
  for (const std::string& name : ModelRegistry::Instance().Names()) {
    auto model = MakeModel(name, params);
    if (!model->IsDirect() && model->SplitsOneCredit()) models.push_back(std::move(model));
  }
  ASSERT_EQ(models.size(), 8u);
  for (int case_idx = 0; case_idx < 400; ++case_idx) {
    const std::vector<Candidate> candidates = RandomCandidates(rng);
    for (const auto& model : models) {
      const std::vector<double> weights = Weights(*model, candidates);
      const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
      EXPECT_NEAR(sum, 1.0, 1e-9) << model->name() << " case " << case_idx;
      for (const double weight : weights) {
        EXPECT_GE(weight, 0.0) << model->name() << " case " << case_idx;
      }
    }
  }
}

TEST(ModelProperties, AnyTouchCreditsEachCampaignOnceOnRandomCandidates) {
  std::mt19937_64 rng(7);
  const auto model = MakeModel("any_touch");
  for (int case_idx = 0; case_idx < 400; ++case_idx) {
    const std::vector<Candidate> candidates = RandomCandidates(rng);
    const std::vector<double> weights = Weights(*model, candidates);
    // Reference: a candidate is credited iff no later candidate has its campaign.
    std::vector<double> expected(candidates.size());
    std::set<CampaignId> distinct;
    for (size_t idx = 0; idx < candidates.size(); ++idx) {
      distinct.insert(candidates[idx].campaign);
      const bool has_later = std::any_of(
          candidates.begin() + static_cast<std::ptrdiff_t>(idx) + 1, candidates.end(),
          [&](const Candidate& later) { return later.campaign == candidates[idx].campaign; });
      expected[idx] = has_later ? 0.0 : 1.0;
    }
    EXPECT_EQ(weights, expected) << "case " << case_idx;
    EXPECT_DOUBLE_EQ(std::accumulate(weights.begin(), weights.end(), 0.0),
                     static_cast<double>(distinct.size()));
  }
}

}  // namespace
}  // namespace payback
