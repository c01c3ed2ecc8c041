@0xe0a4c2b9d7f31a65;
# The annual report as data: `gongkai report --format json` prints one
# AnnualReportCells per agency and year, encoded by the one JSON codec
# (ledger/json_codec.h): every cell of the national template with its id,
# its place and its value as the report prints it.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gongkai::schema");

struct AnnualReportCells {
  agency @0 :Text;
  year @1 :Int32;
  cells @2 :List(ReportCell);
}

struct ReportCell {
  cell @0 :Text;       # the cell id, e.g. "applications/received/natural" (report --explain CELL)
  section @1 :Text;    # e.g. "二、主动公开政府信息情况"
  table @2 :Text;      # the table's heading; empty if none
  row @3 :Text;        # the row label, with its group
  column @4 :Text;     # the column label
  value @5 :Text;      # a count ("12"), or a sum in 万元 with four decimals ("0.0150")
}
