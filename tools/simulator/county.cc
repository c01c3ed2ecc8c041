#include "tools/simulator/county.h"

#include <fmt/core.h>

#include <array>

#include "ledger/hash.h"

namespace gongkai::sim {
namespace {

// Departments of a county government (县级政府工作部门), in the order used.
constexpr std::array<std::string_view, 34> kDepartments = {
    "发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局",
    "农业农村局", "商务局", "文化广电和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局",
    "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "行政审批局", "林业局",
    "体育局", "信访局", "数据局", "乡村振兴局", "人民防空办公室", "机关事务管理局", "粮食和物资储备局"};
constexpr std::array<std::string_view, 6> kSectionNames = {"办公室", "政策法规科", "业务科", "综合科",
                                                           "监督管理科", "计划财务科"};
constexpr std::array<std::string_view, 24> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                                        "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
                                                        "何", "林", "高", "罗", "郑", "梁", "谢", "宋"};
constexpr std::array<std::string_view, 32> kGiven = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "华", "慧", "建国", "志强", "海燕", "晓东", "红梅", "文", "斌", "宁", "雪", "浩", "婷", "鹏"};

}  // namespace

std::vector<size_t> Agency::Team() const {
  std::vector<size_t> team{principal};
  team.insert(team.end(), leaders.begin(), leaders.end());
  return team;
}

size_t County::AssessedCount() const {
  size_t n = 0;
  for (const Agency& a : agencies) n += a.assessed;
  return n;
}

Result<PrivateKey> DerivedKey(uint64_t seed, std::string_view name) {
  std::string material = fmt::format("gongkai/simulator/v1\n{}\n{}", seed, name);
  Digest digest = Sha256(AsBytes(material));
  return PrivateKey::FromSeed(ByteView(digest.data(), digest.size()));
}

Result<County> BuildCounty(uint64_t seed, size_t assessed_agencies, Random& random) {
  if (assessed_agencies < 1 || assessed_agencies > kDepartments.size()) {
    return Fail(ErrorCode::kInvalidArgument, "--agencies must be between 1 and {}, got {}", kDepartments.size(),
                assessed_agencies);
  }
  County county;
  county.jurisdiction = fmt::format("cn-sim-county-{}", seed);
  county.name = "模拟县";
  Status failure;
  auto add_person = [&](size_t agency, std::string role_name, schema::Role role, std::string section) {
    std::string id = fmt::format("{}-{}", county.agencies[agency].id, role_name);
    std::string name = fmt::format("{}{}", kSurnames[random.Below(kSurnames.size())], kGiven[random.Below(kGiven.size())]);
    auto key = DerivedKey(seed, id);
    if (!key) {
      failure = std::unexpected(key.error());
      return size_t{0};
    }
    county.persons.push_back(Person{id, name, agency, std::move(section), role, std::move(*key)});
    return county.persons.size() - 1;
  };
  auto add_agency = [&](std::string id, std::string name, schema::AgencyKind kind, bool assessed,
                        size_t sections) {
    Agency agency{.id = std::move(id), .name = std::move(name), .kind = kind, .assessed = assessed};
    for (size_t s = 0; s < sections; ++s) {
      agency.sections.push_back(fmt::format("s{}", s + 1));
      agency.section_names.push_back(std::string(kSectionNames[s]));
    }
    county.agencies.push_back(std::move(agency));
    size_t index = county.agencies.size() - 1;
    Agency& a = county.agencies[index];
    a.principal = add_person(index, "principal", schema::Role::PRINCIPAL, "");
    for (int l = 1; l <= 3; ++l) {
      county.agencies[index].leaders.push_back(
          add_person(index, fmt::format("leader-{}", l), schema::Role::LEADER_IN_CHARGE, ""));
    }
    for (size_t s = 0; s < sections; ++s) {
      std::string section = county.agencies[index].sections[s];
      size_t head = add_person(index, fmt::format("head-{}", s + 1), schema::Role::SECTION_HEAD, section);
      county.agencies[index].section_heads.push_back(head);
      for (int h = 1; h <= 2; ++h) {
        size_t handler = add_person(index, fmt::format("handler-{}-{}", s + 1, h), schema::Role::HANDLER, section);
        county.agencies[index].handlers.push_back(handler);
      }
    }
    std::string first = county.agencies[index].sections[0];
    county.agencies[index].reviewer =
        add_person(index, "reviewer", schema::Role::CONFIDENTIALITY_REVIEWER, first);
    county.agencies[index].clerk = add_person(index, "clerk", schema::Role::TRANSFER_CLERK, first);
    county.agencies[index].office = add_person(index, "office", schema::Role::DISCLOSURE_OFFICE_HEAD, first);
    return index;
  };
  for (size_t i = 0; i < assessed_agencies; ++i) {
    add_agency(fmt::format("a{:02}", i + 1), fmt::format("{}{}", county.name, kDepartments[i]),
               schema::AgencyKind::DEPARTMENT, true, 2);
  }
  county.office_agency = add_agency("gov-office", county.name + "人民政府办公室", schema::AgencyKind::GOVERNMENT, false, 2);
  county.administrator = add_person(county.office_agency, "admin", schema::Role::ADMINISTRATOR, "s1");
  county.assessor = add_person(county.office_agency, "assessor", schema::Role::ASSESSOR, "s2");
  county.archive_agency = add_agency("archive", county.name + "档案馆", schema::AgencyKind::ARCHIVE, false, 1);
  county.supervision_agency =
      add_agency("supervision", county.name + "纪委监委派驻纪检监察组", schema::AgencyKind::OTHER, false, 1);
  county.supervisor = add_person(county.supervision_agency, "inspector", schema::Role::SUPERVISION, "s1");
  GK_RETURN_IF_ERROR(failure);
  return county;
}

}  // namespace gongkai::sim
