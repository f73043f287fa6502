#include "payback/cost/commission_schedule.h"

#include "payback/common/money.h"
#include "payback/common/text.h"

namespace payback {

Result<CommissionSchedule> CommissionSchedule::Resolve(const std::vector<CostLine>& lines,
                                                       std::string_view conversion,
                                                       const EventStore& store,
                                                       const TimeZone& tz) {
  CommissionSchedule commission;
  struct Scoped {
    std::string_view campaign;
    Schedule::Candidate candidate;
  };
  std::vector<Scoped> candidates;
  for (const CostLine& line : lines) {
    if (line.type != CostLineType::kCommission) continue;
    if (!line.conversion.empty() && ToLowerAscii(line.conversion) != ToLowerAscii(conversion)) {
      continue;
    }
    PAYBACK_ASSIGN_OR_RETURN(const TimestampUs from, EffectiveFrom(line.from, tz));
    const int specificity = (line.campaign.empty() ? 0 : 2) + (line.conversion.empty() ? 0 : 1);
    candidates.push_back(Scoped{
        line.campaign, Schedule::Candidate{from, specificity, Rate{line.amount, line.share_ppm}}});
  }
  if (candidates.empty()) return commission;
  commission.empty_ = false;
  const StringDictionary& campaigns = store.dictionaries.campaigns;
  commission.by_campaign_.resize(campaigns.size() + 1);
  for (uint32_t slot = 0; slot <= campaigns.size(); ++slot) {
    const std::string_view campaign_id =
        slot < campaigns.size() ? campaigns.Get(slot) : std::string_view();
    std::vector<Schedule::Candidate> matching;
    for (const Scoped& scoped : candidates) {
      if (scoped.campaign.empty() || scoped.campaign == campaign_id) {
        matching.push_back(scoped.candidate);
      }
    }
    commission.by_campaign_[slot] = Schedule::Resolve(matching);
  }
  return commission;
}

__int128 CommissionSchedule::CreditPico(CampaignId campaign, TimestampUs ts, double weight,
                                        __int128 credited_revenue_pico) const {
  if (empty_) return 0;
  const Schedule& schedule =
      by_campaign_[campaign == kNoCampaign ? by_campaign_.size() - 1 : campaign];
  const Rate* rate = schedule.At(ts);
  if (rate == nullptr) return 0;
  if (rate->share_ppm)
    return DivideRounded(credited_revenue_pico * *rate->share_ppm, kMicrosPerUnit);
  return CreditedPico(weight, rate->amount);
}

}  // namespace payback
