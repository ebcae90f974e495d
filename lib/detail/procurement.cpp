#include "detail/procurement.hpp"

namespace blanko::detail {

void draw_tenders(std::span<const CompiledTender> tenders, Day horizon, RandomEngine& engine,
                  TenderOutcome& outcome) {
  outcome.lots.clear();
  outcome.failures = 0;
  for (const CompiledTender& tender : tenders) {
    // Days as 64-bit numbers: long lead times and many retenders must not overflow.
    std::int64_t opens = tender.opens;
    for (std::int32_t attempt = 0; attempt < tender.max_attempts; ++attempt) {
      const std::int64_t decided = opens + tender.lead_time.sample(engine);
      const double u = static_cast<double>(engine() >> 11U) * 0x1.0p-53;
      if (u < tender.failure_probability) {
        if (decided < horizon) ++outcome.failures;
        opens = decided + tender.retender_delay;
        continue;
      }
      const std::int64_t lot = tender.quantity / tender.lots;
      const std::int64_t larger = tender.quantity % tender.lots;
      for (std::int32_t k = 0; k < tender.lots; ++k) {
        const std::int64_t day = decided + std::int64_t{k} * tender.lot_interval;
        const std::int64_t quantity = lot + (k < larger ? 1 : 0);
        if (day < horizon && quantity > 0) {
          outcome.lots.push_back({static_cast<Day>(day), tender.node, quantity});
        }
      }
      break;
    }
  }
}

}  // namespace blanko::detail
