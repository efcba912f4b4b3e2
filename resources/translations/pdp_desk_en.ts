<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en">
<context>
    <name>AppLock</name>
    <message numerus="yes">
        <source>Too many wrong passwords. Try again in %n second(s).</source>
        <translation>
            <numerusform>Too many wrong passwords. Try again in %n second.</numerusform>
            <numerusform>Too many wrong passwords. Try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CalendarSection</name>
    <message numerus="yes">
        <source>%n deadline(s) of open requests moved:</source>
        <translation>
            <numerusform>%n deadline of open requests moved:</numerusform>
            <numerusform>%n deadlines of open requests moved:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClockText</name>
    <message numerus="yes">
        <source>%n working day(s) late</source>
        <translation>
            <numerusform>%n working day late</numerusform>
            <numerusform>%n working days late</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) left</source>
        <translation>
            <numerusform>%n working day left</numerusform>
            <numerusform>%n working days left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConsentsTab</name>
    <message numerus="yes">
        <source>%n people match: choose one.</source>
        <translation>
            <numerusform>%n person matches: choose one.</numerusform>
            <numerusform>%n people match: choose one.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message numerus="yes">
        <source>Something unexpected went wrong (%n time(s)).</source>
        <translation>
            <numerusform>Something unexpected went wrong (%n time).</numerusform>
            <numerusform>Something unexpected went wrong (%n times).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>about %Ln row(s)</source>
        <translation>
            <numerusform>about %Ln row</numerusform>
            <numerusform>about %Ln rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message numerus="yes">
        <source>%n working day(s) late</source>
        <translation>
            <numerusform>%n working day late</numerusform>
            <numerusform>%n working days late</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InboxTab</name>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n request</numerusform>
            <numerusform>%n requests</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegisterTab</name>
    <message numerus="yes">
        <source>%Ln subject(s)</source>
        <translation>
            <numerusform>%Ln subject</numerusform>
            <numerusform>%Ln subjects</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RequestForm</name>
    <message numerus="yes">
        <source>%n found</source>
        <translation>
            <numerusform>%n found</numerusform>
            <numerusform>%n found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message numerus="yes">
        <source>%n change(s) of this PC not sent to the others yet</source>
        <translation>
            <numerusform>%n change of this PC not sent to the others yet</numerusform>
            <numerusform>%n changes of this PC not sent to the others yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n subject(s) in the register, not counting destroyed ones</source>
        <translation>
            <numerusform>%n subject in the register, not counting destroyed ones</numerusform>
            <numerusform>%n subjects in the register, not counting destroyed ones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them blocked</source>
        <translation>
            <numerusform>%n of them blocked</numerusform>
            <numerusform>%n of them blocked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) not yet closed</source>
        <translation>
            <numerusform>%n request not yet closed</numerusform>
            <numerusform>%n requests not yet closed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SubjectCard</name>
    <message numerus="yes">
        <source>%n duplicate(s) merged into this card</source>
        <translation>
            <numerusform>%n duplicate merged into this card</numerusform>
            <numerusform>%n duplicates merged into this card</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message numerus="yes">
        <source>%n person(s) destroyed on another PC were destroyed here too.</source>
        <translation>
            <numerusform>%n person destroyed on another PC were destroyed here too.</numerusform>
            <numerusform>%n persons destroyed on another PC were destroyed here too.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped (damaged or still being copied); they are tried again next time.</source>
        <translation>
            <numerusform>%n file skipped (damaged or still being copied); they are tried again next time.</numerusform>
            <numerusform>%n files skipped (damaged or still being copied); they are tried again next time.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncSection</name>
    <message numerus="yes">
        <source>%n change(s) of this PC not sent yet</source>
        <translation>
            <numerusform>%n change of this PC not sent yet</numerusform>
            <numerusform>%n changes of this PC not sent yet</numerusform>
        </translation>
    </message>
</context>
</TS>
