#pragma once

#include "core/common/error.h"
#include "core/data/erp_types.h"
#include "core/ml/string_table.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>
#include <vector>

namespace routing::ml {

/// The step half of a feature row: what the routing (or its prediction) says about one step.
struct StepFeatures
{
    QString jobCd;
    QString resCd;
    int procSeq = 0;
    QString insideFlag;
    std::optional<double> standardSetup; ///< routing SETUP_TIME, minutes per order
    std::optional<double> standardRun;   ///< routing RUN_TIME, minutes per unit
    double orderQty = 0;                 ///< <= 0: unknown
};

/// Turns an item and one of its routing steps into the numeric row every candidate reads, and is
/// saved with the model (feature_transform.json) so that prediction encodes exactly as training did.
///
/// Layout: [categorical codes…, numeric values…, JOB_CD, RES_CD, PROC_SEQ, INSIDE_FLAG,
/// log1p(standard setup), log1p(standard run), log(order qty)].
/// - Categorical values are trimmed and upper-cased; blank, "-", "--", "nan", "null", "none" are
///   missing (NaN: XGBoost routes missing values natively). Known values get codes by descending
///   training frequency; a value not seen in training gets the column's *unknown bucket* (= the
///   number of known values), never a neighbouring code.
/// - Numeric values equal to a missing sentinel (0 and 9999 by default) are NaN; lengths given in
///   inches (the unit column says so) are converted to millimetres.
class FeatureTransform final
{
public:
    struct Options
    {
        QStringList categorical;
        QStringList numeric;
        QList<double> missingSentinels{0.0, 9999.0};
        QString groupColumn = QStringLiteral("PART_TYPE"); ///< the similar-item group
        QString unitColumn = QStringLiteral("OUTDIAMETER_UNIT");
        QStringList lengthColumns{QStringLiteral("OUTDIAMETER"), QStringLiteral("INDIAMETER"),
                                  QStringLiteral("OUTTHICKNESS")};
    };

    enum StepFeature : int {
        Job = 0,
        Res,
        ProcSeq,
        Inside,
        LogStandardSetup,
        LogStandardRun,
        LogOrderQty,
        StepFeatureCount
    };

    FeatureTransform() = default;

    static FeatureTransform fit(const std::vector<Item> &items, const StringTable &jobs,
                                const StringTable &resources, const QStringList &insideFlags,
                                const Options &options);

    int dimension() const { return itemDimension() + StepFeatureCount; }
    int itemDimension() const { return categoricalCount() + numericCount(); }
    int categoricalCount() const { return int(m_categorical.size()); }
    int numericCount() const { return int(m_numeric.size()); }
    const QStringList &featureNames() const { return m_featureNames; }
    /// SHA-256 of the feature names in order: two transforms with the same signature encode the
    /// same columns in the same places.
    QString signature() const;

    /// Writes itemDimension() floats.
    void encodeItem(const Item &item, float *out) const;
    /// Writes StepFeatureCount floats.
    void encodeStep(const StepFeatures &step, float *out) const;

    /// Category code of a categorical column (index into Options::categorical): -1 for missing,
    /// the unknown bucket for an unseen value.
    int categoryCode(int column, const QString &rawValue) const;
    int unknownBucket(int column) const { return int(m_categorical[size_t(column)].values.size()); }
    const QString &categoricalColumn(int column) const { return m_categorical[size_t(column)].column; }
    const QString &numericColumn(int column) const { return m_numeric[size_t(column)].column; }
    /// A numeric column's value after unit conversion and sentinel handling; NaN when missing.
    double numericValue(const Item &item, int column) const;
    /// Mean and standard deviation of log1p(|value|) over the training items (for scaling).
    double numericMean(int column) const { return m_numeric[size_t(column)].mean; }
    double numericScale(int column) const { return m_numeric[size_t(column)].scale; }

    /// A feature's value as an operator reads it ("SUS304", "120.5", "CNC01", "12.5 min").
    QString describe(int feature, float value) const;

    /// Similar-item group (Options::groupColumn): -1 missing, groupCount() for unseen values.
    int groupCode(const Item &item) const;
    int groupCount() const { return m_groups.size(); }
    const QString &groupColumn() const { return m_groupColumn; }
    int jobCode(const QString &jobCd) const;
    int resourceCode(const QString &resCd) const;
    int jobCount() const { return m_jobs.size(); }
    int resourceCount() const { return m_resources.size(); }

    /// The offset a target is modelled against: log1p(standard) (0 without a standard). Every
    /// candidate predicts log1p(actual) − offset, so the planners' standard is the starting point
    /// and the models learn how the shop floor deviates from it.
    static double offset(const std::optional<double> &standard);
    /// "" for the missing spellings, else trimmed and upper-cased.
    static QString normalizeCategory(const QString &value);

    QJsonObject toJson() const;
    /// Validates the document completely; every problem is ErrorCode::ModelNotFound (1002).
    static Result<FeatureTransform> fromJson(const QJsonObject &json);

private:
    struct Categorical
    {
        QString column;
        StringTable values;
    };
    struct Numeric
    {
        QString column;
        bool length = false;
        double mean = 0;
        double scale = 1;
    };

    void buildNames();
    bool isInch(const Item &item) const;
    bool isInchUnit(QStringView unit) const;
    int categoryCodeOf(int column, QStringView rawValue) const;
    static int codeIn(const StringTable &table, QStringView rawValue, int unknown);

    std::vector<Categorical> m_categorical;
    std::vector<Numeric> m_numeric;
    QList<double> m_sentinels;
    QString m_groupColumn;
    QString m_unitColumn;
    StringTable m_groups;
    StringTable m_jobs;
    StringTable m_resources;
    StringTable m_insideFlags;
    QStringList m_featureNames;
    // Hot-path lookups (built by buildNames()): the item's hashes are iterated once per item.
    StringTable m_textColumns;     ///< categorical columns, then the group and unit columns
    std::vector<int> m_textRole;   ///< per text column: categorical index, or -1 group, -2 unit
    StringTable m_numericColumns;
};

} // namespace routing::ml
