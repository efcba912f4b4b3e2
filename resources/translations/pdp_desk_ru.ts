<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Version %1</source>
        <translation>Версия %1</translation>
    </message>
    <message>
        <source>%1 (up to date)</source>
        <translation>%1 (актуальная)</translation>
    </message>
    <message>
        <source>%1 (this version of PDP Desk expects %2)</source>
        <translation>%1 (эта версия PDP Desk ожидает %2)</translation>
    </message>
    <message>
        <source>About PDP Desk</source>
        <translation>О программе PDP Desk</translation>
    </message>
    <message>
        <source>The back office for personal data under the Law of the Republic of Kazakhstan No. 94-V “On Personal Data and Their Protection”: the register of data subjects, consents, requests and their deadlines, destruction with its acts, and the audit journal.</source>
        <translation>Рабочее место оператора персональных данных по Закону Республики Казахстан № 94-V «О персональных данных и их защите»: реестр субъектов, согласия, обращения и их сроки, уничтожение с актами и журнал аудита.</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>База данных:</translation>
    </message>
    <message>
        <source>Schema revision:</source>
        <translation>Версия схемы:</translation>
    </message>
    <message>
        <source>The screens and documents use the DejaVu Sans fonts, free to use, copy and distribute under the Bitstream Vera licence (resources/fonts/LICENSE-DejaVu.txt).</source>
        <translation>В программе и в документах используются шрифты DejaVu Sans; по лицензии Bitstream Vera их можно свободно использовать, копировать и распространять (resources/fonts/LICENSE-DejaVu.txt).</translation>
    </message>
</context>
<context>
    <name>ActsTab</name>
    <message>
        <source>Acts and the journal</source>
        <translation>Акты и журнал</translation>
    </message>
    <message>
        <source>Acts of destruction, kept for three years, and the journal of every action will be here, with a check that no entry of the journal has been altered.</source>
        <translation>Здесь будут акты об уничтожении, которые хранятся три года, и журнал всех действий — с проверкой того, что ни одна запись журнала не была изменена.</translation>
    </message>
</context>
<context>
    <name>AddPolicyDialog</name>
    <message>
        <source>New version of the privacy policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished">Файл:</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In force from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint (SHA-256):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for example 01.10.2026</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The version was not added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the version a label (for example its date, 01.10.2026).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The label is too long (at most 40 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file holds no text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is too long for a privacy policy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This exact text is already kept as another version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another version in this language already takes effect on that date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the date from which the version is in force.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CalendarSection</name>
    <message>
        <source>Holidays and transferred days of %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the reason: for example, the decree&apos;s number and date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this change of the calendar? The day becomes as the official calendar has it, and open requests&apos; deadlines are counted again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open request&apos;s deadline moved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>№ %1, %2: %3 → %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n deadline(s) of open requests moved:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The reason is too long (up to 300 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This day already has a change: remove it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kurban Ait is already set for this year: remove it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calendar covers the years 2000–2099.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra day off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra working day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kurban Ait (first day)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>January</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>February</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>March</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>April</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>June</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>July</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>August</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>September</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>October</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>November</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>December</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Th</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Su</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working-day calendar of Kazakhstan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadlines are counted in working days: weekends, public holidays and the days off the Government moves by decree are skipped. When a new decree or the date of Kurban Ait is announced, enter it below: the deadlines of open requests are counted again at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weekend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public holiday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day off by decree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working day by decree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your changes to the calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Government decree No. 123 of 15.01.2026</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the change</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClockText</name>
    <message>
        <source>done %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starts when: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped (request closed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due today</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) late</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1, counted from: %2 (not yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 from the day after %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No non-working days in between.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-working days skipped:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Basis: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsentDialogs</name>
    <message>
        <source>Import from the website</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsentsTab</name>
    <message>
        <source>The consents could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody in the register matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n people match: choose one.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Subject %1 (data destroyed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>register № %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data of this person was destroyed: nothing may be processed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked since %1: the data may not be processed for any purpose until it is unblocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked: the data may not be processed for any purpose until it is unblocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Website use: may we use the person&apos;s data for the website?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marketing: may we send this person advertising?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery: may we use the data to deliver orders?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent given on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent given, but the person&apos;s data is blocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No consent has been recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No consent yet at that moment (it was given later).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent withdrawn on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent expired on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The retention term of this purpose has ended (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The purpose has been achieved: the term after the last order ended on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given: %1 · how: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid until: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The withdrawal opened request № %1 (see the Inbox).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data kept for this purpose until: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to third parties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>abroad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to public sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer allowed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privacy policy of %1 (show the text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The policy text could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privacy policy of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The consent was recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The withdrawal was recorded. Request № %1 was opened: processing must stop, or the reasons be given, by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent lookup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone in any spelling, e-mail, IIN or name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record a consent given…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdraw consent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer is as of the moment chosen: choose a date in the past to see what the person had agreed to then, under the policy in force then.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct the subject&apos;s data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several phones or e-mails: separate them with commas. An empty field removes them all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mails:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatabaseProblem</name>
    <message>
        <source>%1 is not a PDP Desk database.</source>
        <translation>%1 — не база данных PDP Desk.</translation>
    </message>
    <message>
        <source>Open another file, or restore the database from a backup copy.</source>
        <translation>Откройте другой файл или восстановите базу данных из резервной копии.</translation>
    </message>
    <message>
        <source>%1 is incomplete: the file was cut short, probably while it was being copied.</source>
        <translation>Файл %1 неполный: вероятно, он был скопирован не до конца.</translation>
    </message>
    <message>
        <source>Copy it again, or restore the copy kept before the last upgrade or a backup.</source>
        <translation>Скопируйте его заново или восстановите копию, сохранённую перед последним обновлением, либо резервную копию.</translation>
    </message>
    <message>
        <source>%1 is damaged.</source>
        <translation>Файл %1 повреждён.</translation>
    </message>
    <message>
        <source>Restore the database from a backup or from the copy kept before the last upgrade.</source>
        <translation>Восстановите базу данных из резервной копии или из копии, сохранённой перед последним обновлением.</translation>
    </message>
    <message>
        <source>%1 was made by a newer version of PDP Desk.</source>
        <translation>Файл %1 создан более новой версией PDP Desk.</translation>
    </message>
    <message>
        <source>Install the newer PDP Desk to open it; this version leaves the file untouched.</source>
        <translation>Чтобы открыть его, установите новую версию PDP Desk; эта версия файл не изменяет.</translation>
    </message>
    <message>
        <source>%1 is already open in another PDP Desk window.</source>
        <translation>%1 уже открыт в другом окне PDP Desk.</translation>
    </message>
    <message>
        <source>Switch to that window, or close it and try again.</source>
        <translation>Перейдите в то окно или закройте его и попробуйте снова.</translation>
    </message>
    <message>
        <source>PDP Desk cannot write to the folder of %1.</source>
        <translation>PDP Desk не может записывать в папку, где лежит %1.</translation>
    </message>
    <message>
        <source>Copy the database to a folder you can write to (for example Documents) and open it there.</source>
        <translation>Скопируйте базу данных в папку, доступную для записи (например, «Документы»), и откройте её там.</translation>
    </message>
    <message>
        <source>There is no database file %1.</source>
        <translation>Файл базы данных %1 не найден.</translation>
    </message>
    <message>
        <source>Check the path, or choose another file.</source>
        <translation>Проверьте путь или выберите другой файл.</translation>
    </message>
    <message>
        <source>%1 could not be upgraded for this version of PDP Desk.</source>
        <translation>Не удалось обновить %1 для этой версии PDP Desk.</translation>
    </message>
    <message>
        <source>Nothing was changed. The details name the copy kept before the upgrade.</source>
        <translation>Ничего не изменено. В подробностях указана копия, сохранённая перед обновлением.</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>Не удаётся открыть базу данных</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>Открыть базу данных</translation>
    </message>
    <message>
        <source>PDP Desk databases (*.sqlite *.db);;All files (*)</source>
        <translation>Базы данных PDP Desk (*.sqlite *.db);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Open another database…</source>
        <translation>Открыть другую базу…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выйти</translation>
    </message>
</context>
<context>
    <name>DestructionDialog</name>
    <message>
        <source>Queue for destruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The person&apos;s data will wait in the destruction queue; the destruction itself, with its act, is done in the Destruction tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The subject&apos;s request is upheld</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlawful processing (Art. 18 sub. 3-1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent withdrawn (Art. 8 p. 7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The purpose of processing is achieved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The consent has expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DestructionTab</name>
    <message>
        <source>Destruction of personal data</source>
        <translation>Уничтожение персональных данных</translation>
    </message>
    <message>
        <source>A step-by-step wizard will help here to destroy data whose purpose is achieved or whose consent was withdrawn or has expired, and to print the act for signature.</source>
        <translation>Здесь пошаговый мастер поможет уничтожить данные, цель обработки которых достигнута или согласие на которые отозвано либо истекло, и распечатать акт на подпись.</translation>
    </message>
</context>
<context>
    <name>DueStatus</name>
    <message>
        <source>On track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due within 2 working days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadlines:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>The website&apos;s export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables (*.csv *.xlsx *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be read as a table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbook (first sheet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>comma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV text, encoding %1, delimiter: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>about %Ln row(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>the columns as chosen for this export last time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the columns guessed from their names: check them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the columns as given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling: nothing will be imported…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %1: %2 of about %3 rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import was cancelled after %1 rows. Nothing was imported: the register is as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check only: this is what the import would do. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1: %2 rows read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People: %1 created, %2 updated, %3 unchanged, %4 skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders: %1 created, %2 updated, %3 unchanged. Marketing consents recorded: %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped because: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped rows (row of the file: reason):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes (the row was imported):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import from the website&apos;s export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no phone, e-mail or IIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a cell is too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the name is too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the contacts belong to different people (merge them first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the person is blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is too large to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is an old Excel file (.xls): save it as .xlsx or CSV first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not text in an encoding PDP Desk knows (UTF-8, UTF-16 or Windows-1251).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The quoting in the file is broken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has too many columns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has too many rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not a readable table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first line does not hold the column names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no rows to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The columns chosen are not in the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several columns are mapped to the same field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map at least one column to the phone, the e-mail or the IIN: people are matched to the register by them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order number is mapped but the order date is not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CSV or XLSX export of customers or orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check what each column holds (the list above each column); columns set to “Do not import” are left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category of the people:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>match people of any operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check only: show the report, write nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import another file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <source>Working days left to the nearest deadline; negative: late by that many.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working days left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No deadline is running: the request is answered, or its clock waits for an event (documents, confirmation).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) late</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Nearest deadline: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This person&apos;s data is blocked: it may not be used until the block is lifted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responsible: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InboxTab</name>
    <message>
        <source>Overdue: %1</source>
        <translation type="unfinished">Просрочено: %1</translation>
    </message>
    <message>
        <source>Due today: %1</source>
        <translation type="unfinished">Срок сегодня: %1</translation>
    </message>
    <message>
        <source>Due within 2 working days: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 shown (scroll down for more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New request…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Journal for inspector…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responsible:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of the number</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JournalDialog</name>
    <message>
        <source>Journal of requests for an inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received from – to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include the operator&apos;s own notices (breach, transfer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the file when it is written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every request received in the period: received, type, subject, deadlines, answered, outcome. The file holds people&apos;s names: hand it over only to the inspector.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the journal as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The journal was not written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LetterDialog</name>
    <message>
        <source>Make a letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Then:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter is saved with the request as a PDF file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the template in “Letter templates…”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LetterTemplates</name>
    <message>
        <source>A brace { or } that does not open or close a field. To print a brace itself, type it twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An empty field {}: write the field&apos;s name inside the braces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field {%1} uses . or [ ]: only plain field names are allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field {%1} has ! or : in it: write just the field&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown field {%1}: use one of the fields listed on the right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This letter must contain the field {%1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter&apos;s text is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(line %1, column %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>&amp;Открыть базу данных…</translation>
    </message>
    <message>
        <source>&amp;Import from the website…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;About PDP Desk</source>
        <translation>&amp;О программе PDP Desk</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Реестр</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Входящие обращения</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Согласия</translation>
    </message>
    <message>
        <source>Destruction</source>
        <translation>Уничтожение</translation>
    </message>
    <message>
        <source>Acts &amp; journal</source>
        <translation>Акты и журнал</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the other card of the same person (by the phone or e-mail they share). Its data, orders, consents and requests move to “%1”; the other card is removed. The merge is recorded in the journal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone, e-mail, IIN or name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody else matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The subjects were not merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose two different people to merge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One of the two people is no longer in the register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data of one of the two people has been destroyed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These two people share no phone number and no e-mail address: nothing shows they are the same person, so they are not merged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These two people have different IINs: they are not the same person.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MomentDialog</name>
    <message>
        <source>Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This moment is in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file “%1” is %2; files up to %3 can be attached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file “%1” cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Morning</name>
    <message>
        <source>Overdue: %1</source>
        <translation type="unfinished">Просрочено: %1</translation>
    </message>
    <message>
        <source>Due today: %1</source>
        <translation type="unfinished">Срок сегодня: %1</translation>
    </message>
    <message>
        <source>Due within 2 working days: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests need attention</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Give the reasons: the law asks for a reasoned refusal.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaceholderTab</name>
    <message>
        <source>This part of PDP Desk is still being built.</source>
        <translation>Этот раздел PDP Desk пока в разработке.</translation>
    </message>
</context>
<context>
    <name>PolicySection</name>
    <message>
        <source>The versions could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privacy policy, version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privacy policy text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be read as a text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every version of the policy is kept whole with its fingerprint, so each consent can be shown with the text in force when it was given. ✓ marks the version in force today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In force from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint (SHA-256)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a version from a file…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PurposeRow</name>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordConsentDialog</name>
    <message>
        <source>Record a consent given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How it was given:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data categories:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Third parties:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-border:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public sources:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the form on the website, the signed paper, the recorded call …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the version in force on that day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the person&apos;s operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for a limited time, until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>may be passed to third parties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>may be transferred abroad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>may be published in public sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The consent was not recorded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegisterErrors</name>
    <message>
        <source>This is too long for a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A phone number holds digits, an optional leading +, spaces, hyphens and brackets only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a Kazakhstan number: Kazakhstan numbers start with +7 7.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Kazakhstan number has ten digits after +7 or 8 (e.g. +7 701 123 45 67).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This e-mail address is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a valid e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the IIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An IIN has 12 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The 7th digit of an IIN (century and sex) is 1 to 6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No IIN is ever issued with these first 11 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check digit of this IIN is wrong (a typing error?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the category of the subject.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give at least a name, a phone number, an e-mail or an IIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such subject (it may have been destroyed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another person in the register has this; open their card instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such operator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of the purposes of the policy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the purposes the consent is withdrawn for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no consent in force for this purpose: nothing to withdraw.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose how it came.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say how the consent can be proven (the form, the signed paper, the recorded call …).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The evidence is longer than 500 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such version of the policy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No version of the policy was in force on that day: choose one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The consent cannot end before it was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The term must be a calendar date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown data category.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the date and time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time is in the future. Check the date, and the PC&apos;s clock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The date is before 2000.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The consent cannot be withdrawn before it was given.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegisterLabels</name>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destroyed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Website use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>No date: a consent without a term is in force.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due for destruction since %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To be destroyed on %1 unless a purpose justifies the data longer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destroyed: only the id is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register № %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consents</source>
        <translation type="unfinished">Согласия</translation>
    </message>
    <message>
        <source>Destruction</source>
        <translation type="unfinished">Уничтожение</translation>
    </message>
</context>
<context>
    <name>RegisterTab</name>
    <message>
        <source>Counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln subject(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The register could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find: phone in any spelling, e-mail, IIN or part of a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New subject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due for destruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>date added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>destruction date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to row:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consents: %1.   ✓ given   ✗ withdrawn   ◷ expired   – none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestDetailDialog</name>
    <message>
        <source>Request %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents received: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlawful processing confirmed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(data destroyed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IIN %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This request runs no clock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>action:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This was not done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How it was checked:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For example: identity card shown; signed with an electronic signature; the power of attorney checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note (optional):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record that the answer was sent. Make the letter with “Make a letter…” and keep it with the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse with reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasons:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reasons go into the refusal letter as they are written here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was not closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm unlawful processing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was done:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file could not be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The letter could not be printed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The files were not attached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who asks:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responsible:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadlines (working days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity checked…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take into work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer given…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse with reasons…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the law asks for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents received…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm unlawful processing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unblock the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue for destruction…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent withdrawn…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action done…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a letter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter templates…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestForm</name>
    <message>
        <source>New request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who asks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whom it is about</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text of the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files (scans, letters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responsible:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of the answer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Representative:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authority document:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the request reached the shop, in Kazakhstan time: the deadline is counted from this day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail or postal address for the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. power of attorney No. 15 of 02.03.2026</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The subject in person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A representative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find in the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, phone, e-mail or IIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to %1 per file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody found. Check the spelling, or enter a new person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the first %1: type more to narrow the search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n found</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file “%1” is %2; files up to %3 can be attached. Attach a smaller file (for example a scan in a lower resolution).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file “%1” cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This moment is in the future. Give the date and time the request actually reached the shop (and check the PC&apos;s clock).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the operator the request is addressed to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the person from the list, or enter a new person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was not registered.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RetentionSection</name>
    <message>
        <source>The retention rules could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to save: the rules are as they were.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The retention rules were not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. The dates of destruction follow the new rules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the retention term in days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The term must be 1 to 36,500 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“Until withdrawn” has no term in days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a retention rule.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This purpose is no longer in the catalogue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention of data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the data collected for each purpose of the policy is kept. The policy says “as long as necessary”; these terms are the operator&apos;s choice. When no purpose justifies a subject&apos;s data any more, the subject is listed for destruction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until the consent is withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>days after the consent was given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>days after the last order</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServiceError</name>
    <message>
        <source>The request is already in this state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is closed: nothing more can be done with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is already answered or refused: it can only be closed now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the requester&apos;s identity before taking the request into work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the request into work first (after checking the requester&apos;s identity).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer the request, or refuse it with reasons, before closing it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A request cannot go back to an earlier step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A representative must be named and the document that gives authority must be given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The date received is in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give at least a name, a phone number, an e-mail or an IIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the subject of the request, or enter a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is larger than the limit for attachments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The law asks for an action on this request: do it and record it before closing the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data given is the same as on file: nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This person has no consent in force for these purposes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the purposes the consent is withdrawn for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The law asks for no action on this type of request: answering it is enough.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This person&apos;s data is blocked: it may not be used until the block is lifted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such person in the register (their data may have been destroyed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such request (it may have been destroyed with its subject&apos;s data).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such file (it may have been destroyed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request names no operator, and a letter is written on the operator&apos;s behalf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A refusal letter needs the reasons: refuse the request with reasons first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The documents cannot have come before the request was received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The confirmation cannot come before the request was received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This moment is in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file could not be written. Check that the folder exists and the file is not open in another program.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Nothing was saved: the change was rolled back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This could not be done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again. If it happens again, tell whoever looks after PDP Desk.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Размер:</translation>
    </message>
    <message>
        <source>Schema revision:</source>
        <translation>Версия схемы:</translation>
    </message>
    <message>
        <source>Code of this PC:</source>
        <translation>Код этого компьютера:</translation>
    </message>
    <message>
        <source>Journal entries:</source>
        <translation>Записей в журнале:</translation>
    </message>
    <message numerus="yes">
        <source>%Ln bytes</source>
        <translation>
            <numerusform>%Ln байт</numerusform>
            <numerusform>%Ln байта</numerusform>
            <numerusform>%Ln байт</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (up to date)</source>
        <translation>%1 (актуальная)</translation>
    </message>
    <message>
        <source>%1 (this version of PDP Desk expects %2)</source>
        <translation>%1 (эта версия PDP Desk ожидает %2)</translation>
    </message>
    <message>
        <source>%1 (goes into the numbers of requests and acts made on this PC)</source>
        <translation>%1 (входит в номера обращений и актов, созданных на этом компьютере)</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Папка данных</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Открыть папку</translation>
    </message>
    <message>
        <source>Deadline rules, operators and staff will be set here too.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Subjects: %1</source>
        <translation>Субъектов: %1</translation>
    </message>
    <message>
        <source>Open requests: %1</source>
        <translation>Открытых обращений: %1</translation>
    </message>
    <message>
        <source>Due today: %1</source>
        <translation>Срок сегодня: %1</translation>
    </message>
    <message>
        <source>Overdue: %1</source>
        <translation>Просрочено: %1</translation>
    </message>
    <message>
        <source>Within 2 working days: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The figures could not be read from the database.</source>
        <translation>Не удалось прочитать показатели из базы данных.</translation>
    </message>
    <message numerus="yes">
        <source>%n subject(s) in the register, not counting destroyed ones</source>
        <translation>
            <numerusform>%n субъект в реестре, не считая уничтоженных</numerusform>
            <numerusform>%n субъекта в реестре, не считая уничтоженных</numerusform>
            <numerusform>%n субъектов в реестре, не считая уничтоженных</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them blocked</source>
        <translation>
            <numerusform>из них заблокирован %n</numerusform>
            <numerusform>из них заблокированы %n</numerusform>
            <numerusform>из них заблокировано %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) not yet closed</source>
        <translation>
            <numerusform>%n обращение ещё не закрыто</numerusform>
            <numerusform>%n обращения ещё не закрыты</numerusform>
            <numerusform>%n обращений ещё не закрыто</numerusform>
        </translation>
    </message>
    <message>
        <source>Deadlines in working days, as of %1</source>
        <translation>Сроки в рабочих днях на %1</translation>
    </message>
</context>
<context>
    <name>SubjectCard</name>
    <message>
        <source>The card could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject&apos;s card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge with a duplicate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consents</source>
        <translation type="unfinished">Согласия</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category of data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History of the consents:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such subject (it may have been destroyed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject %1 (data destroyed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>register № %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the register since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) merged into this card</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Blocked since %1: the data may not be processed until it is unblocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data of this subject was destroyed: only the id is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept while a consent without a term is in force: no destruction date yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due for destruction since %1: no purpose justifies the data any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept until %1, unless a purpose justifies the data longer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entered by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the website</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consent given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consent renewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consent withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consent expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added to the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data corrected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duplicate merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consent recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unblocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the subject&apos;s data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;JSON (*.json);;CSV table (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file could not be written: %1. Nothing was exported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data was not exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data was saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SubjectForm</name>
    <message>
        <source>New subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the subject&apos;s data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mails:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Addresses:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+7 701 123 45 67, 8 701 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>City</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Street, house, flat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is another person who shares the phone or e-mail (a family): save anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The subject was not saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <source>Saved. New letters of this kind use this text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The default text is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your own text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text (a blank line starts a new paragraph):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fields (double-click to insert):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A field is replaced by its value in each letter, e.g. {subject_name}. To print a brace itself, type it twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the default text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <source>Withdrawal of consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdrawn for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How it came:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text of the request:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the letter, the e-mail, the form on the website …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A request is opened: within 15 working days processing must stop, or the person must be told the reasons why it continues (Art. 8 p.7).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The withdrawal was not recorded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WithdrawalDialog</name>
    <message>
        <source>Record consent withdrawal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purposes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one purpose.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
