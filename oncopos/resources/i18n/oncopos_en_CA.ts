<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_CA">
    <context>
        <name>MainWindow</name>
        <message numerus="yes">
            <source>{name}: %n enrollment(s)</source>
            <translation>
                <numerusform>{name}: %n enrollment</numerusform>
                <numerusform>{name}: %n enrollments</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PaymentHistoryView</name>
        <message numerus="yes">
            <source>%n payment(s); {amount} kept after refunds.</source>
            <translation>
                <numerusform>%n payment; {amount} kept after refunds.</numerusform>
                <numerusform>%n payments; {amount} kept after refunds.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>StripeSection</name>
        <message numerus="yes">
            <source>%n location(s) and {readers} on this Stripe account.</source>
            <translation>
                <numerusform>%n location and {readers} on this Stripe account.</numerusform>
                <numerusform>%n locations and {readers} on this Stripe account.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n reader(s)</source>
            <translation>
                <numerusform>%n reader</numerusform>
                <numerusform>%n readers</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>StudentEditorDialog</name>
        <message numerus="yes">
            <source>Already registered? The student(s) below have {reason}. Open the existing record, or save as a different person.</source>
            <translation>
                <numerusform>Already registered? This student has {reason}. Open the existing record, or save as a different person.</numerusform>
                <numerusform>Already registered? These students have {reason}. Open the existing record, or save as a different person.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>import_dialog</name>
        <message numerus="yes">
            <source>%n student(s)</source>
            <translation>
                <numerusform>%n student</numerusform>
                <numerusform>%n students</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n enrollment(s)</source>
            <translation>
                <numerusform>%n enrollment</numerusform>
                <numerusform>%n enrollments</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>StatementDialog</name>
        <message numerus="yes">
            <source>%n line(s). Plan lines and credit movements do not change the balance.</source>
            <translation>
                <numerusform>%n line. Plan lines and credit movements do not change the balance.</numerusform>
                <numerusform>%n lines. Plan lines and credit movements do not change the balance.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PlanEditorDialog</name>
        <message numerus="yes">
            <source>%n line(s), %2 in all. Make the plan to keep it.</source>
            <translation>
                <numerusform>%n line, %2 in all. Make the plan to keep it.</numerusform>
                <numerusform>%n lines, %2 in all. Make the plan to keep it.</numerusform>
            </translation>
        </message>
    </context>
</TS>