#pragma once
// The report that the storage media of a device were physically destroyed (記録媒体破壊報告書;
// 木更津市 第14条: 機器の交換・廃棄の際に記録媒体を物理的に破壊し、作業完了後に書面により甲に
// 報告): the device, why, how, who did it and when, and every medium destroyed, with its ledger
// record number, a QR code to verify it and a machine-readable payload. Every text arrives
// formatted for display: this module lays it out.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"

namespace itaku::documents {

struct DestructionReport {
  std::string number;       // e.g. "木更津市情政第2026-010号-R0001"
  std::string issued_date;  // e.g. 令和8年12月7日
  std::string addressee;    // the city, e.g. "木更津市長 様"
  std::string issuer;       // the reporting party and its responsible person
  std::string clause;       // e.g. "木更津市 第14条-2"
  std::string contract_number, contract_title;
  std::string device;              // kind and identifiers, e.g. "ノートPC（資産番号 PC-0012、S/N 5CG1234）"
  std::string reason;              // 交換 or 廃棄
  std::string method;              // how the media were destroyed, e.g. "穿孔（ドリル）"
  std::string performed;           // 実施日
  std::string performed_by;        // 実施者
  std::string witnessed_by;        // 立会者; the row is left out when empty
  std::string evidence;            // e.g. "写真 SHA-256: ab12…"; the row is left out when empty
  std::vector<std::string> media;  // the storage media destroyed, 1 to 50
  std::uint64_t ledger_index = 0;  // 台帳記録番号, printed
  std::string ledger_origin;       // printed small
  std::string verify_url;          // in the QR code and printed under it
  std::string payload;             // machine-readable verification data, printable ASCII, up to 64 KiB
};

// Renders an A4 portrait PDF in Japanese with the fonts embedded (subset), as an official
// letter: the number and date, the addressee, the title 機器の交換・廃棄に係る記録媒体の破壊報告書,
// the issuer, the sentence citing the reason and the clause, then 記, the table of facts (契約,
// 機器, 理由, 破壊の方法, 実施日, 実施者, 立会者, 証跡), the list of media destroyed, 以上, and
// the ledger block at the foot of the last page. Refuses (ErrorKind::Invalid, codes
// "destruction_report.*") text that is not UTF-8, over-long fields, no media or more than 50,
// and a payload that is not printable ASCII or longer than 64 KiB.
Result<std::string> render_destruction_report_pdf(const DestructionReport& r);

// The payload embedded by render_destruction_report_pdf; "destruction_report.no_payload"
// (ErrorKind::Invalid) when the file is not a 記録媒体破壊報告書 made by itaku.
Result<std::string> extract_destruction_report_payload(std::string_view pdf);

}  // namespace itaku::documents
