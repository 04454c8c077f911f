#pragma once

#include <QStringList>

namespace routing::erp {

// The contract columns of the three ERP views (shared/ref/erp-views.md). These are the logical
// names used throughout the code; ErpSchema maps them to a plant's physical names.

inline QStringList itemColumns()
{
    return {QStringLiteral("ITEM_CD"),        QStringLiteral("ITEM_NM"),
            QStringLiteral("PART_TYPE"),      QStringLiteral("ITEM_TYPE"),
            QStringLiteral("ITEM_ACCT"),      QStringLiteral("ITEM_UNIT"),
            QStringLiteral("ITEM_MATERIAL"),  QStringLiteral("MATERIAL_DESC"),
            QStringLiteral("RAW_MATL_KIND"),  QStringLiteral("ITEM_GRP1"),
            QStringLiteral("GROUP1"),         QStringLiteral("GROUP2"),
            QStringLiteral("STANDARD_YN"),    QStringLiteral("SealTypeGrup"),
            QStringLiteral("IN_SEALTYPE_CD"), QStringLiteral("MID_SEALTYPE_CD"),
            QStringLiteral("OUT_SEALTYPE_CD"), QStringLiteral("OUTDIAMETER"),
            QStringLiteral("INDIAMETER"),     QStringLiteral("OUTTHICKNESS"),
            QStringLiteral("OUTDIAMETER_UNIT"), QStringLiteral("IN_SEALSIZE"),
            QStringLiteral("MID_SEALSIZE"),   QStringLiteral("OUT_SEALSIZE"),
            QStringLiteral("ROTATE_CLOCKWISE"), QStringLiteral("ROTATE_CTRCLOCKWISE")};
}

/// Item columns that hold numbers (numeric(18,4) or int); all others are text.
inline QStringList itemNumericColumns()
{
    return {QStringLiteral("OUTDIAMETER"),  QStringLiteral("INDIAMETER"),
            QStringLiteral("OUTTHICKNESS"), QStringLiteral("IN_SEALSIZE"),
            QStringLiteral("MID_SEALSIZE"), QStringLiteral("OUT_SEALSIZE"),
            QStringLiteral("ROTATE_CLOCKWISE"), QStringLiteral("ROTATE_CTRCLOCKWISE")};
}

inline QStringList routingColumns()
{
    return {QStringLiteral("ITEM_CD"),  QStringLiteral("ROUT_NO"),   QStringLiteral("PROC_SEQ"),
            QStringLiteral("JOB_CD"),   QStringLiteral("JOB_NM"),    QStringLiteral("RES_CD"),
            QStringLiteral("RES_DIS"),  QStringLiteral("INSIDE_FLAG"), QStringLiteral("SETUP_TIME"),
            QStringLiteral("RUN_TIME"), QStringLiteral("TIME_UNIT"), QStringLiteral("INSRT_DT")};
}

inline QStringList workOrderColumns()
{
    return {QStringLiteral("ITEM_CD"),    QStringLiteral("ROUT_NO"),   QStringLiteral("PROC_SEQ"),
            QStringLiteral("JOB_CD"),     QStringLiteral("CD_NM"),     QStringLiteral("RES_CD"),
            QStringLiteral("RES_DIS"),    QStringLiteral("REPORT_DT"), QStringLiteral("SETUP_HOURS"),
            QStringLiteral("MACH_WORKED_HOURS"), QStringLiteral("ORDER_QTY"), QStringLiteral("BAD_QTY")};
}

} // namespace routing::erp
