<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="kk_KZ" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Version %1</source>
        <translation>Нұсқа %1</translation>
    </message>
    <message>
        <source>%1 (up to date)</source>
        <translation>%1 (өзекті)</translation>
    </message>
    <message>
        <source>%1 (this version of PDP Desk expects %2)</source>
        <translation>%1 (PDP Desk-тің осы нұсқасы %2 нұсқасын күтеді)</translation>
    </message>
    <message>
        <source>About PDP Desk</source>
        <translation>PDP Desk туралы</translation>
    </message>
    <message>
        <source>The back office for personal data under the Law of the Republic of Kazakhstan No. 94-V “On Personal Data and Their Protection”: the register of data subjects, consents, requests and their deadlines, destruction with its acts, and the audit journal.</source>
        <translation>Қазақстан Республикасының «Дербес деректер және оларды қорғау туралы» № 94-V Заңы бойынша дербес деректер операторының жұмыс орны: субъектілер тізілімі, келісімдер, өтініштер және олардың мерзімдері, актімен ресімделетін жою және аудит журналы.</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Дерекқор:</translation>
    </message>
    <message>
        <source>Schema revision:</source>
        <translation>Схема нұсқасы:</translation>
    </message>
    <message>
        <source>The screens and documents use the DejaVu Sans fonts, free to use, copy and distribute under the Bitstream Vera licence (resources/fonts/LICENSE-DejaVu.txt).</source>
        <translation>Бағдарлама мен құжаттарда DejaVu Sans қаріптері қолданылады; Bitstream Vera лицензиясы бойынша оларды еркін пайдалануға, көшіруге және таратуға болады (resources/fonts/LICENSE-DejaVu.txt).</translation>
    </message>
</context>
<context>
    <name>ActsTab</name>
    <message>
        <source>Acts and the journal</source>
        <translation>Актілер мен журнал</translation>
    </message>
    <message>
        <source>Acts of destruction, kept for three years, and the journal of every action will be here, with a check that no entry of the journal has been altered.</source>
        <translation>Мұнда үш жыл сақталатын жою актілері мен барлық әрекеттер журналы болады. Журналдың бірде-бір жазбасы өзгертілмегенін де осы жерден тексеруге болады.</translation>
    </message>
</context>
<context>
    <name>ConsentsTab</name>
    <message>
        <source>Consents</source>
        <translation>Келісімдер</translation>
    </message>
    <message>
        <source>Each person&apos;s consents to the purposes of the privacy policy will be shown here: when and how consent was given, to which version of the policy, and withdrawals with their deadline.</source>
        <translation>Мұнда әр адамның құпиялылық саясатындағы мақсаттарға берген келісімдері көрсетіледі: келісім қашан және қалай берілді, саясаттың қай редакциясына қатысты, сондай-ақ келісімді кері қайтарып алу және оның мерзімі.</translation>
    </message>
</context>
<context>
    <name>DatabaseProblem</name>
    <message>
        <source>%1 is not a PDP Desk database.</source>
        <translation>%1 — PDP Desk дерекқоры емес.</translation>
    </message>
    <message>
        <source>Open another file, or restore the database from a backup copy.</source>
        <translation>Басқа файлды ашыңыз немесе дерекқорды сақтық көшірмеден қалпына келтіріңіз.</translation>
    </message>
    <message>
        <source>%1 is incomplete: the file was cut short, probably while it was being copied.</source>
        <translation>%1 файлы толық емес: ол, шамасы, көшіру кезінде үзіліп қалған.</translation>
    </message>
    <message>
        <source>Copy it again, or restore the copy kept before the last upgrade or a backup.</source>
        <translation>Оны қайта көшіріңіз немесе соңғы жаңарту алдында сақталған көшірмені не сақтық көшірмені қалпына келтіріңіз.</translation>
    </message>
    <message>
        <source>%1 is damaged.</source>
        <translation>%1 файлы зақымдалған.</translation>
    </message>
    <message>
        <source>Restore the database from a backup or from the copy kept before the last upgrade.</source>
        <translation>Дерекқорды сақтық көшірмеден немесе соңғы жаңарту алдында сақталған көшірмеден қалпына келтіріңіз.</translation>
    </message>
    <message>
        <source>%1 was made by a newer version of PDP Desk.</source>
        <translation>%1 файлы PDP Desk-тің жаңарақ нұсқасында жасалған.</translation>
    </message>
    <message>
        <source>Install the newer PDP Desk to open it; this version leaves the file untouched.</source>
        <translation>Оны ашу үшін PDP Desk-тің жаңа нұсқасын орнатыңыз; бұл нұсқа файлды өзгертпейді.</translation>
    </message>
    <message>
        <source>%1 is already open in another PDP Desk window.</source>
        <translation>%1 PDP Desk-тің басқа терезесінде ашық тұр.</translation>
    </message>
    <message>
        <source>Switch to that window, or close it and try again.</source>
        <translation>Сол терезеге ауысыңыз немесе оны жауып, қайталап көріңіз.</translation>
    </message>
    <message>
        <source>PDP Desk cannot write to the folder of %1.</source>
        <translation>PDP Desk %1 тұрған қалтаға жаза алмайды.</translation>
    </message>
    <message>
        <source>Copy the database to a folder you can write to (for example Documents) and open it there.</source>
        <translation>Дерекқорды жазуға болатын қалтаға (мысалы, «Құжаттар») көшіріп, сол жерден ашыңыз.</translation>
    </message>
    <message>
        <source>There is no database file %1.</source>
        <translation>%1 дерекқор файлы табылмады.</translation>
    </message>
    <message>
        <source>Check the path, or choose another file.</source>
        <translation>Жолды тексеріңіз немесе басқа файлды таңдаңыз.</translation>
    </message>
    <message>
        <source>%1 could not be upgraded for this version of PDP Desk.</source>
        <translation>%1 файлын PDP Desk-тің осы нұсқасына жаңарту мүмкін болмады.</translation>
    </message>
    <message>
        <source>Nothing was changed. The details name the copy kept before the upgrade.</source>
        <translation>Ештеңе өзгертілмеді. Жаңарту алдында сақталған көшірменің атауы толық мәліметтерде көрсетілген.</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>Дерекқорды ашу мүмкін емес</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>Дерекқорды ашу</translation>
    </message>
    <message>
        <source>PDP Desk databases (*.sqlite *.db);;All files (*)</source>
        <translation>PDP Desk дерекқорлары (*.sqlite *.db);;Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>Open another database…</source>
        <translation>Басқа дерекқорды ашу…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Шығу</translation>
    </message>
</context>
<context>
    <name>DestructionTab</name>
    <message>
        <source>Destruction of personal data</source>
        <translation>Дербес деректерді жою</translation>
    </message>
    <message>
        <source>A step-by-step wizard will help here to destroy data whose purpose is achieved or whose consent was withdrawn or has expired, and to print the act for signature.</source>
        <translation>Мұнда қадамдық шебер өңдеу мақсатына қол жеткізілген, келісімі кері қайтарып алынған немесе мерзімі өткен деректерді жоюға және актіні қол қоюға басып шығаруға көмектеседі.</translation>
    </message>
</context>
<context>
    <name>InboxTab</name>
    <message>
        <source>Requests and their deadlines</source>
        <translation>Өтініштер және олардың мерзімдері</translation>
    </message>
    <message>
        <source>Requests from data subjects with their working-day deadlines will be listed here: what is due today, what is late, what to do next.</source>
        <translation>Мұнда дербес деректер субъектілерінің өтініштері жұмыс күндерімен есептелген мерзімдерімен көрсетіледі: бүгін нені орындау керек, қайсысының мерзімі өтіп кетті және келесі қадам қандай.</translation>
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
        <translation>Дерекқорды &amp;ашу…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Шығу</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Көрініс</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Тіл</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Анықтама</translation>
    </message>
    <message>
        <source>&amp;About PDP Desk</source>
        <translation>PDP Desk &amp;туралы</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Тізілім</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Кіріс өтініштер</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Келісімдер</translation>
    </message>
    <message>
        <source>Destruction</source>
        <translation>Жою</translation>
    </message>
    <message>
        <source>Acts &amp; journal</source>
        <translation>Актілер мен журнал</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Баптаулар</translation>
    </message>
</context>
<context>
    <name>PlaceholderTab</name>
    <message>
        <source>This part of PDP Desk is still being built.</source>
        <translation>PDP Desk-тің бұл бөлімі әлі әзірленуде.</translation>
    </message>
</context>
<context>
    <name>RegisterTab</name>
    <message>
        <source>Register of data subjects</source>
        <translation>Дербес деректер субъектілерінің тізілімі</translation>
    </message>
    <message>
        <source>Everyone whose personal data the shop keeps will be listed here: customers, registered users and recipients of orders, with their contacts and consents. You will find a person by name, phone, e-mail or IIN.</source>
        <translation>Мұнда дүкен дербес деректерін сақтайтын барлық адамдар болады: сатып алушылар, тіркелген пайдаланушылар және тапсырыс алушылар — байланыс деректерімен және келісімдерімен. Адамды аты-жөні, телефоны, e-mail немесе ЖСН бойынша табуға болады.</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <source>Database</source>
        <translation>Дерекқор</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Көлемі:</translation>
    </message>
    <message>
        <source>Schema revision:</source>
        <translation>Схема нұсқасы:</translation>
    </message>
    <message>
        <source>Code of this PC:</source>
        <translation>Осы компьютердің коды:</translation>
    </message>
    <message>
        <source>Journal entries:</source>
        <translation>Журналдағы жазбалар:</translation>
    </message>
    <message numerus="yes">
        <source>%Ln bytes</source>
        <translation>
            <numerusform>%Ln байт</numerusform>
            <numerusform>%Ln байт</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (up to date)</source>
        <translation>%1 (өзекті)</translation>
    </message>
    <message>
        <source>%1 (this version of PDP Desk expects %2)</source>
        <translation>%1 (PDP Desk-тің осы нұсқасы %2 нұсқасын күтеді)</translation>
    </message>
    <message>
        <source>%1 (goes into the numbers of requests and acts made on this PC)</source>
        <translation>%1 (осы компьютерде жасалған өтініштер мен актілердің нөмірлеріне кіреді)</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Деректер қалтасы</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Қалтаны ашу</translation>
    </message>
    <message>
        <source>Deadline rules, the working-day calendar, operators and staff will be set here too.</source>
        <translation>Мерзім ережелері, жұмыс күндерінің күнтізбесі, операторлар мен қызметкерлер де осы жерде бапталады.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Subjects: %1</source>
        <translation>Субъектілер: %1</translation>
    </message>
    <message>
        <source>Open requests: %1</source>
        <translation>Ашық өтініштер: %1</translation>
    </message>
    <message>
        <source>Due today: %1</source>
        <translation>Мерзімі бүгін: %1</translation>
    </message>
    <message>
        <source>Overdue: %1</source>
        <translation>Мерзімі өткен: %1</translation>
    </message>
    <message>
        <source>The figures could not be read from the database.</source>
        <translation>Көрсеткіштерді дерекқордан оқу мүмкін болмады.</translation>
    </message>
    <message numerus="yes">
        <source>%n subject(s) in the register, not counting destroyed ones</source>
        <translation>
            <numerusform>Тізілімде %n субъект, жойылғандарды есептемегенде</numerusform>
            <numerusform>Тізілімде %n субъект, жойылғандарды есептемегенде</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them blocked</source>
        <translation>
            <numerusform>оның ішінде %n бұғатталған</numerusform>
            <numerusform>оның ішінде %n бұғатталған</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) not yet closed</source>
        <translation>
            <numerusform>%n өтініш әлі жабылмаған</numerusform>
            <numerusform>%n өтініш әлі жабылмаған</numerusform>
        </translation>
    </message>
    <message>
        <source>Deadlines in working days, as of %1</source>
        <translation>Мерзімдер жұмыс күндерімен, %1 жағдай бойынша</translation>
    </message>
</context>
</TS>
