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
    <name>ConsentsTab</name>
    <message>
        <source>Consents</source>
        <translation>Согласия</translation>
    </message>
    <message>
        <source>Each person&apos;s consents to the purposes of the privacy policy will be shown here: when and how consent was given, to which version of the policy, and withdrawals with their deadline.</source>
        <translation>Здесь будут согласия каждого человека на цели из политики конфиденциальности: когда и как дано согласие, к какой редакции политики оно относится, а также отзывы согласий и их сроки.</translation>
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
    <name>InboxTab</name>
    <message>
        <source>Requests and their deadlines</source>
        <translation>Обращения и их сроки</translation>
    </message>
    <message>
        <source>Requests from data subjects with their working-day deadlines will be listed here: what is due today, what is late, what to do next.</source>
        <translation>Здесь будут обращения субъектов персональных данных со сроками в рабочих днях: что нужно сделать сегодня, что просрочено и что делать дальше.</translation>
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
    <name>PlaceholderTab</name>
    <message>
        <source>This part of PDP Desk is still being built.</source>
        <translation>Этот раздел PDP Desk пока в разработке.</translation>
    </message>
</context>
<context>
    <name>RegisterTab</name>
    <message>
        <source>Register of data subjects</source>
        <translation>Реестр субъектов персональных данных</translation>
    </message>
    <message>
        <source>Everyone whose personal data the shop keeps will be listed here: customers, registered users and recipients of orders, with their contacts and consents. You will find a person by name, phone, e-mail or IIN.</source>
        <translation>Здесь будут все, чьи персональные данные хранит магазин: покупатели, зарегистрированные пользователи и получатели заказов — с контактами и согласиями. Человека можно будет найти по имени, телефону, e-mail или ИИН.</translation>
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
        <source>Deadline rules, the working-day calendar, operators and staff will be set here too.</source>
        <translation>Здесь же будут настраиваться правила сроков, календарь рабочих дней, операторы и сотрудники.</translation>
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
</TS>
