#pragma once
// The kpis.csv header as users see it, written out literally: the report writer and the CLI
// tests both compare against this one copy, so a column change is made in one place.

#include <string>

namespace blanko::testing {

inline const std::string kKpisHeader =
    "node,name,level,province,demand,printed,fill_rate,stockout_days,first_stockout_day,peak_backlog,suket_issued,"
    "lost_demand,redirected_to_ikd,mean_wait_days,p95_wait_days,received,blanks_shipped,"
    "shipments,trip_cost,lateral_in,lateral_out,final_on_hand,final_backlog,demand_first_card,"
    "demand_data_change,demand_replacement,printed_first_card,printed_data_change,"
    "printed_replacement,mean_wait_first_card,mean_wait_data_change,mean_wait_replacement,"
    "mean_on_hand,mean_in_transit,mean_requests_waiting,mean_suket_outstanding,days_of_cover,"
    "printer_bound_days,"
    "orders_placed,blanks_ordered,holding_cost,waiting_cost,lost_cost,purchase_cost,total_cost";

// The KPI columns of compare_replications.csv and sweep_replications.csv: those of kpis.csv
// after its node labels, then the network-only ones.
inline const std::string kReplicationKpiColumns =
    kKpisHeader.substr(std::string("node,name,level,province,").size()) +
    ",offices_with_stockout,tender_failures";

}  // namespace blanko::testing
