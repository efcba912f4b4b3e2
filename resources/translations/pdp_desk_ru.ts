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
    <name>ActFiles</name>
    <message>
        <source>Printing failed</source>
        <translation>Печать не выполнена</translation>
    </message>
    <message>
        <source>The act could not be printed: %1</source>
        <translation>Не удалось напечатать акт: %1</translation>
    </message>
    <message>
        <source>Save a copy of the act</source>
        <translation>Сохранить копию акта</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Файлы PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The copy was not saved</source>
        <translation>Копия не сохранена</translation>
    </message>
    <message>
        <source>The data was destroyed and the act № %1 is kept in the database; only saving a copy to %2 failed. Save it again (another folder, or free some disk space), or later from the Acts tab.</source>
        <translation>Данные уничтожены, акт № %1 хранится в базе данных; не удалось только сохранить копию в %2. Сохраните её снова (в другую папку или освободив место на диске) либо позже на вкладке «Акты».</translation>
    </message>
</context>
<context>
    <name>ActsTab</name>
    <message>
        <source>Kept longer than three years (policy §9.5): due for destruction.</source>
        <translation>Хранится более трёх лет (п. 9.5 Политики): подлежит уничтожению.</translation>
    </message>
    <message>
        <source>%1 — due for destruction</source>
        <translation>%1 — подлежит уничтожению</translation>
    </message>
    <message>
        <source>Acts shown: %1</source>
        <translation>Показано актов: %1</translation>
    </message>
    <message>
        <source>%1 (%2), %3</source>
        <translation>%1 (%2), %3</translation>
    </message>
    <message>
        <source>No PC has confirmed this destruction yet.</source>
        <translation>Ни один компьютер ещё не подтвердил это уничтожение.</translation>
    </message>
    <message>
        <source>Destruction confirmed by:</source>
        <translation>Уничтожение подтвердили:</translation>
    </message>
    <message>
        <source>signed copy attached</source>
        <translation>исполнен, подписанная копия приложена</translation>
    </message>
    <message>
        <source>executed</source>
        <translation>исполнен</translation>
    </message>
    <message>
        <source>Choose an act and press “View”.</source>
        <translation>Выберите акт и нажмите «Просмотр».</translation>
    </message>
    <message>
        <source>The scanned signed act</source>
        <translation>Скан подписанного акта</translation>
    </message>
    <message>
        <source>PDF or scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)</source>
        <translation>PDF или сканы (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Not attached</source>
        <translation>Не приложено</translation>
    </message>
    <message>
        <source>The file cannot be read: %1</source>
        <translation>Файл не читается: %1</translation>
    </message>
    <message>
        <source>Replace the signed copy?</source>
        <translation>Заменить подписанную копию?</translation>
    </message>
    <message>
        <source>A signed copy is already attached to act № %1. Replace it?</source>
        <translation>К акту № %1 уже приложена подписанная копия. Заменить её?</translation>
    </message>
    <message>
        <source>Attach a PDF or a scan (JPEG, PNG, TIFF) of the signed act, up to 50 MB.</source>
        <translation>Приложите PDF или скан (JPEG, PNG, TIFF) подписанного акта размером до 50 МБ.</translation>
    </message>
    <message>
        <source>The password does not open this key file. Check the keyboard layout and Caps Lock, and try again.</source>
        <translation>Пароль не подходит к этому файлу ключа. Проверьте раскладку клавиатуры и Caps Lock и повторите попытку.</translation>
    </message>
    <message>
        <source>This key uses the GOST algorithm, which PDP Desk cannot sign with: choose the RSA key (the file named RSA_…) of your certificate.</source>
        <translation>Этот ключ использует алгоритм ГОСТ, которым PDP Desk подписывать не умеет: выберите ключ RSA (файл с именем RSA_…) вашего сертификата.</translation>
    </message>
    <message>
        <source>The key file is damaged or is not a .p12/.pfx file. Take it again from where it was issued.</source>
        <translation>Файл ключа повреждён или не является файлом .p12/.pfx. Получите его заново там, где он был выдан.</translation>
    </message>
    <message>
        <source>The key file cannot be read.</source>
        <translation>Файл ключа не читается.</translation>
    </message>
    <message>
        <source>PDP Desk cannot sign with this key.</source>
        <translation>PDP Desk не может подписать этим ключом.</translation>
    </message>
    <message>
        <source>The key file holds a key without its certificate.</source>
        <translation>В файле ключа нет сертификата.</translation>
    </message>
    <message>
        <source>The certificate has expired.</source>
        <translation>Срок действия сертификата истёк.</translation>
    </message>
    <message>
        <source>The certificate is not valid yet.</source>
        <translation>Сертификат ещё не действует.</translation>
    </message>
    <message>
        <source>The act could not be signed.</source>
        <translation>Не удалось подписать акт.</translation>
    </message>
    <message>
        <source>The operator&apos;s key</source>
        <translation>Ключ оператора</translation>
    </message>
    <message>
        <source>Keys (*.p12 *.pfx);;All files (*)</source>
        <translation>Ключи (*.p12 *.pfx);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Password of the key</source>
        <translation>Пароль ключа</translation>
    </message>
    <message>
        <source>Password of %1:</source>
        <translation>Пароль для %1:</translation>
    </message>
    <message>
        <source>Sign anyway?</source>
        <translation>Всё равно подписать?</translation>
    </message>
    <message>
        <source>Sign with it anyway?</source>
        <translation>Подписать им, несмотря на это?</translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation>Не подписано</translation>
    </message>
    <message>
        <source>The file is a readable PDF</source>
        <translation>Файл — читаемый PDF</translation>
    </message>
    <message>
        <source>It is an act of this database</source>
        <translation>Это акт из этой базы данных</translation>
    </message>
    <message>
        <source>The act&apos;s record is unchanged</source>
        <translation>Запись акта не изменялась</translation>
    </message>
    <message>
        <source>The fingerprint matches</source>
        <translation>Отпечаток совпадает</translation>
    </message>
    <message>
        <source>The file is unaltered</source>
        <translation>Файл не изменён</translation>
    </message>
    <message>
        <source>The digital signature is valid</source>
        <translation>Электронная подпись действительна</translation>
    </message>
    <message>
        <source>The file is a PDF.</source>
        <translation>Файл в формате PDF.</translation>
    </message>
    <message>
        <source>The file cannot be read as a PDF.</source>
        <translation>Файл не читается как PDF.</translation>
    </message>
    <message>
        <source>Act № %1 is in this database.</source>
        <translation>Акт № %1 есть в этой базе данных.</translation>
    </message>
    <message>
        <source>The file is not an act of this database: it comes from another database, or the act was destroyed after its term.</source>
        <translation>Файл не является актом этой базы данных: он из другой базы, либо акт уничтожен по истечении срока хранения.</translation>
    </message>
    <message>
        <source>The act&apos;s record in the database is as it was made.</source>
        <translation>Запись акта в базе данных не изменялась с момента составления.</translation>
    </message>
    <message>
        <source>The act&apos;s record in the database was changed after the act was made.</source>
        <translation>Запись акта в базе данных изменена после его составления.</translation>
    </message>
    <message>
        <source>The fingerprint in the file is the act&apos;s.</source>
        <translation>Отпечаток в файле совпадает с отпечатком акта.</translation>
    </message>
    <message>
        <source>The fingerprint in the file is not the act&apos;s: the file was altered or belongs to another version of the act.</source>
        <translation>Отпечаток в файле не совпадает с отпечатком акта: файл изменён или относится к другой версии акта.</translation>
    </message>
    <message>
        <source>The file is the act kept in the database (or it with a digital signature added, or the signed copy attached).</source>
        <translation>Файл совпадает с актом, хранящимся в базе данных (либо с ним же с добавленной ЭЦП, либо с приложенной подписанной копией).</translation>
    </message>
    <message>
        <source>The file differs from the act kept in the database: it was altered (even one byte counts) or made again. Use the copy saved from PDP Desk.</source>
        <translation>Файл отличается от акта, хранящегося в базе данных: он изменён (даже один байт имеет значение) или составлен заново. Используйте копию, сохранённую из PDP Desk.</translation>
    </message>
    <message>
        <source>Check an act&apos;s file</source>
        <translation>Проверка файла акта</translation>
    </message>
    <message>
        <source>PDF files (*.pdf);;All files (*)</source>
        <translation>Файлы PDF (*.pdf);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Choose “Check a file…” to check an act&apos;s PDF against this database.</source>
        <translation>Нажмите «Проверить файл…», чтобы сверить PDF акта с этой базой данных.</translation>
    </message>
    <message>
        <source>%1 %2: the file is act № %3 of this database, unaltered.</source>
        <translation>%1 %2: файл — акт № %3 из этой базы данных, без изменений.</translation>
    </message>
    <message>
        <source>%1 %2: the file does not hold as an act of this database.</source>
        <translation>%1 %2: файл не подтверждается как акт этой базы данных.</translation>
    </message>
    <message>
        <source>%1 The journal holds: %2 entries, none altered or missing.</source>
        <translation>%1 Журнал цел: записей — %2, ни одна не изменена и не пропущена.</translation>
    </message>
    <message>
        <source>%1 The journal does not hold: the first broken entry is %2 (PC %3, no. %4).</source>
        <translation>%1 Целостность журнала нарушена: первая нарушенная запись — %2 (ПК %3, № %4).</translation>
    </message>
    <message>
        <source>Only acts due for destruction (kept over three years)</source>
        <translation>Только акты, подлежащие уничтожению (хранятся более трёх лет)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>More…</source>
        <translation>Ещё…</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Субъектов</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Kept until</source>
        <translation>Хранить до</translation>
    </message>
    <message>
        <source>Confirmed by PCs</source>
        <translation>Подтвердили ПК</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Просмотр</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>Сохранить копию…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Attach signed copy…</source>
        <translation>Приложить подписанную копию…</translation>
    </message>
    <message>
        <source>Sign digitally…</source>
        <translation>Подписать ЭЦП…</translation>
    </message>
    <message>
        <source>Check a file…</source>
        <translation>Проверить файл…</translation>
    </message>
    <message>
        <source>Destroyed at</source>
        <translation>Уничтожено</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
    <message>
        <source>Categories of data</source>
        <translation>Категории данных</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Система</translation>
    </message>
    <message>
        <source>Act</source>
        <translation>Акт</translation>
    </message>
    <message>
        <source>Log extract</source>
        <translation>Выписка из журнала</translation>
    </message>
    <message>
        <source>Check of a file</source>
        <translation>Проверка файла</translation>
    </message>
    <message>
        <source>Audit journal</source>
        <translation>Журнал действий</translation>
    </message>
    <message>
        <source>Every action is written to the journal, each entry sealed with the hash of the one before: a changed or removed entry breaks the chain.</source>
        <translation>Каждое действие записывается в журнал, и каждая запись скреплена хешем предыдущей: изменённая или удалённая запись разрывает цепочку.</translation>
    </message>
    <message>
        <source>Check the journal</source>
        <translation>Проверить журнал</translation>
    </message>
</context>
<context>
    <name>AddPolicyDialog</name>
    <message>
        <source>New version of the privacy policy</source>
        <translation>Новая редакция политики конфиденциальности</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>In force from:</source>
        <translation>Действует с:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Язык:</translation>
    </message>
    <message>
        <source>Fingerprint (SHA-256):</source>
        <translation>Отпечаток (SHA-256):</translation>
    </message>
    <message>
        <source>for example 01.10.2026</source>
        <translation>например, 01.10.2026</translation>
    </message>
    <message>
        <source>The version was not added</source>
        <translation>Редакция не добавлена</translation>
    </message>
    <message>
        <source>Give the version a label (for example its date, 01.10.2026).</source>
        <translation>Укажите название редакции (например, её дату: 01.10.2026).</translation>
    </message>
    <message>
        <source>The label is too long (at most 40 characters).</source>
        <translation>Название слишком длинное (не более 40 символов).</translation>
    </message>
    <message>
        <source>The file holds no text.</source>
        <translation>В файле нет текста.</translation>
    </message>
    <message>
        <source>The text is too long for a privacy policy.</source>
        <translation>Текст слишком длинный для политики конфиденциальности.</translation>
    </message>
    <message>
        <source>This exact text is already kept as another version.</source>
        <translation>Точно такой же текст уже хранится как другая редакция.</translation>
    </message>
    <message>
        <source>Another version in this language already takes effect on that date.</source>
        <translation>Другая редакция на этом языке уже вступает в силу в этот день.</translation>
    </message>
    <message>
        <source>Choose the date from which the version is in force.</source>
        <translation>Выберите дату, с которой действует редакция.</translation>
    </message>
</context>
<context>
    <name>AppLock</name>
    <message>
        <source>&amp;Lock PDP Desk</source>
        <translation>&amp;Заблокировать PDP Desk</translation>
    </message>
    <message>
        <source>No password</source>
        <translation>Пароль не задан</translation>
    </message>
    <message>
        <source>Set a password in Settings → Security first: PDP Desk locks only with a password to open it again.</source>
        <translation>Сначала задайте пароль в разделе «Настройки → Безопасность»: PDP Desk блокируется, только если есть пароль, которым его можно снова открыть.</translation>
    </message>
    <message>
        <source>The password cannot be checked now: the database cannot be read. Try again in a moment.</source>
        <translation>Сейчас пароль проверить нельзя: база данных не читается. Попробуйте ещё раз через минуту.</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong passwords. Try again in %n second(s).</source>
        <translation>
            <numerusform>Слишком много неверных попыток. Повторите через %n секунду.</numerusform>
            <numerusform>Слишком много неверных попыток. Повторите через %n секунды.</numerusform>
            <numerusform>Слишком много неверных попыток. Повторите через %n секунд.</numerusform>
        </translation>
    </message>
    <message>
        <source>The password is not right. Check the keyboard layout and Caps Lock.</source>
        <translation>Пароль неверный. Проверьте раскладку клавиатуры и Caps Lock.</translation>
    </message>
</context>
<context>
    <name>BackupSection</name>
    <message>
        <source>%1 MB</source>
        <translation>%1 МБ</translation>
    </message>
    <message>
        <source>damaged or not a backup</source>
        <translation>повреждена или не является копией</translation>
    </message>
    <message>
        <source>the database before a restore</source>
        <translation>база данных перед восстановлением</translation>
    </message>
    <message>
        <source>the database before an upgrade</source>
        <translation>база данных перед обновлением</translation>
    </message>
    <message>
        <source>backup</source>
        <translation>резервная копия</translation>
    </message>
    <message>
        <source>Backups folder</source>
        <translation>Папка резервных копий</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Создать копию сейчас</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Восстановление из резервной копии</translation>
    </message>
    <message>
        <source>PDP Desk backups (*.pdpbak)</source>
        <translation>Резервные копии PDP Desk (*.pdpbak)</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Резервные копии</translation>
    </message>
    <message>
        <source>Once a day PDP Desk copies the database into the backups folder, encrypted with the passphrase. Best is a folder on another disk: a USB disk or a network folder. Backups older than the days to keep are deleted: after that time, destroyed data is gone from the backups too (the acts of destruction say so).</source>
        <translation>Раз в день PDP Desk копирует базу данных в папку резервных копий, шифруя её парольной фразой. Лучше всего выбрать папку на другом диске: USB-диске или в сетевой папке. Копии старше срока хранения удаляются: по его истечении уничтоженных данных нет и в резервных копиях (это указано в актах об уничтожении).</translation>
    </message>
    <message>
        <source>Backups folder:</source>
        <translation>Папка резервных копий:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Keep backups, days:</source>
        <translation>Хранить копии, дней:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Парольная фраза:</translation>
    </message>
    <message>
        <source>Last backup:</source>
        <translation>Последняя копия:</translation>
    </message>
    <message>
        <source>Backups in the folder</source>
        <translation>Резервные копии в папке</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Создана</translation>
    </message>
    <message>
        <source>PC</source>
        <translation>Компьютер</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Восстановить…</translation>
    </message>
    <message>
        <source>Restore from a file…</source>
        <translation>Восстановить из файла…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>The acts of destruction state this term.</source>
        <translation>Этот срок указывается в актах об уничтожении.</translation>
    </message>
    <message>
        <source>Set. Without it no backup can be opened; it cannot be recovered.</source>
        <translation>Задана. Без неё ни одну резервную копию не открыть; восстановить её невозможно.</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>Not set: backups are off. Set a passphrase to start them.</source>
        <translation>Не задана: резервное копирование выключено. Задайте парольную фразу, чтобы его включить.</translation>
    </message>
    <message>
        <source>Set passphrase…</source>
        <translation>Задать фразу…</translation>
    </message>
    <message>
        <source>never</source>
        <translation>ещё не создавалась</translation>
    </message>
    <message>
        <source>The last backup failed: %1</source>
        <translation>Последняя копия не создана: %1</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>No passphrase is set: backups are off. Set one in Settings → Backups.</source>
        <translation>Парольная фраза не задана: резервное копирование выключено. Задайте её в разделе «Настройки → Резервные копии».</translation>
    </message>
    <message>
        <source>The passphrase needs at least 8 characters.</source>
        <translation>Парольная фраза должна содержать не менее 8 символов.</translation>
    </message>
    <message>
        <source>The backups folder is not there: is its drive or network share connected?</source>
        <translation>Папка резервных копий недоступна: подключён ли диск или сетевая папка?</translation>
    </message>
    <message>
        <source>PDP Desk cannot write in the backups folder.</source>
        <translation>PDP Desk не может записывать в папку резервных копий.</translation>
    </message>
    <message>
        <source>Choose a folder PDP Desk can write in (a whole path, like D:\Backups).</source>
        <translation>Выберите папку, в которую PDP Desk может записывать (полный путь, например D:\Backups).</translation>
    </message>
    <message>
        <source>Keep backups 1 to 365 days.</source>
        <translation>Срок хранения резервных копий — от 1 до 365 дней.</translation>
    </message>
    <message>
        <source>There is not enough free space for the backup.</source>
        <translation>Недостаточно свободного места для резервной копии.</translation>
    </message>
    <message>
        <source>Stopped: nothing was changed.</source>
        <translation>Остановлено: ничего не изменено.</translation>
    </message>
    <message>
        <source>The passphrase does not open this backup. Nothing was changed.</source>
        <translation>Эта парольная фраза не открывает резервную копию. Ничего не изменено.</translation>
    </message>
    <message>
        <source>The backup is damaged or incomplete (perhaps still being copied). Nothing was changed; choose another backup.</source>
        <translation>Резервная копия повреждена или неполна (возможно, ещё копируется). Ничего не изменено; выберите другую копию.</translation>
    </message>
    <message>
        <source>The backup was made by a newer version of PDP Desk. Update PDP Desk first. Nothing was changed.</source>
        <translation>Резервная копия создана более новой версией PDP Desk. Сначала обновите PDP Desk. Ничего не изменено.</translation>
    </message>
    <message>
        <source>This file is not a PDP Desk backup. Nothing was changed.</source>
        <translation>Этот файл не является резервной копией PDP Desk. Ничего не изменено.</translation>
    </message>
    <message>
        <source>The database is open in another PDP Desk window: close it and try again.</source>
        <translation>База данных открыта в другом окне PDP Desk: закройте его и повторите попытку.</translation>
    </message>
    <message>
        <source>The database could not be replaced (another program is using it?). Nothing was changed.</source>
        <translation>Не удалось заменить базу данных (её использует другая программа?). Ничего не изменено.</translation>
    </message>
    <message>
        <source>The backup failed.</source>
        <translation>Резервное копирование не выполнено.</translation>
    </message>
    <message>
        <source>Backup made: %1 (%2 MB).</source>
        <translation>Резервная копия создана: %1 (%2 МБ).</translation>
    </message>
    <message>
        <source>The backup was not made: %1 It is tried again in an hour; nothing is lost.</source>
        <translation>Резервная копия не создана: %1 Повторная попытка — через час; данные не потеряны.</translation>
    </message>
</context>
<context>
    <name>CalendarSection</name>
    <message>
        <source>Holidays and transferred days of %1:</source>
        <translation>Праздники и перенесённые дни %1 года:</translation>
    </message>
    <message>
        <source>Give the reason: for example, the decree&apos;s number and date.</source>
        <translation>Укажите основание: например, номер и дату постановления.</translation>
    </message>
    <message>
        <source>Remove the change</source>
        <translation>Удаление изменения</translation>
    </message>
    <message>
        <source>Remove this change of the calendar? The day becomes as the official calendar has it, and open requests&apos; deadlines are counted again.</source>
        <translation>Удалить это изменение календаря? День станет таким, как в официальном календаре, а сроки открытых обращений будут пересчитаны.</translation>
    </message>
    <message>
        <source>No open request&apos;s deadline moved.</source>
        <translation>Сроки открытых обращений не изменились.</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>ответ</translation>
    </message>
    <message>
        <source>action</source>
        <translation>действие</translation>
    </message>
    <message>
        <source>№ %1, %2: %3 → %4</source>
        <translation>№ %1, %2: %3 → %4</translation>
    </message>
    <message numerus="yes">
        <source>%n deadline(s) of open requests moved:</source>
        <translation>
            <numerusform>Перенесён %n срок открытых обращений:</numerusform>
            <numerusform>Перенесено %n срока открытых обращений:</numerusform>
            <numerusform>Перенесено %n сроков открытых обращений:</numerusform>
        </translation>
    </message>
    <message>
        <source>The reason is too long (up to 300 characters).</source>
        <translation>Основание слишком длинное (не более 300 символов).</translation>
    </message>
    <message>
        <source>This day already has a change: remove it first.</source>
        <translation>Для этого дня уже есть изменение: сначала удалите его.</translation>
    </message>
    <message>
        <source>Kurban Ait is already set for this year: remove it first.</source>
        <translation>Курбан айт на этот год уже указан: сначала удалите его.</translation>
    </message>
    <message>
        <source>The calendar covers the years 2000–2099.</source>
        <translation>Календарь охватывает 2000–2099 годы.</translation>
    </message>
    <message>
        <source>Extra day off</source>
        <translation>Дополнительный выходной</translation>
    </message>
    <message>
        <source>Extra working day</source>
        <translation>Дополнительный рабочий день</translation>
    </message>
    <message>
        <source>Kurban Ait (first day)</source>
        <translation>Курбан айт (первый день)</translation>
    </message>
    <message>
        <source>January</source>
        <translation>Январь</translation>
    </message>
    <message>
        <source>February</source>
        <translation>Февраль</translation>
    </message>
    <message>
        <source>March</source>
        <translation>Март</translation>
    </message>
    <message>
        <source>April</source>
        <translation>Апрель</translation>
    </message>
    <message>
        <source>May</source>
        <translation>Май</translation>
    </message>
    <message>
        <source>June</source>
        <translation>Июнь</translation>
    </message>
    <message>
        <source>July</source>
        <translation>Июль</translation>
    </message>
    <message>
        <source>August</source>
        <translation>Август</translation>
    </message>
    <message>
        <source>September</source>
        <translation>Сентябрь</translation>
    </message>
    <message>
        <source>October</source>
        <translation>Октябрь</translation>
    </message>
    <message>
        <source>November</source>
        <translation>Ноябрь</translation>
    </message>
    <message>
        <source>December</source>
        <translation>Декабрь</translation>
    </message>
    <message>
        <source>Mo</source>
        <translation>Пн</translation>
    </message>
    <message>
        <source>Tu</source>
        <translation>Вт</translation>
    </message>
    <message>
        <source>We</source>
        <translation>Ср</translation>
    </message>
    <message>
        <source>Th</source>
        <translation>Чт</translation>
    </message>
    <message>
        <source>Fr</source>
        <translation>Пт</translation>
    </message>
    <message>
        <source>Sa</source>
        <translation>Сб</translation>
    </message>
    <message>
        <source>Su</source>
        <translation>Вс</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Календарь</translation>
    </message>
    <message>
        <source>Working-day calendar of Kazakhstan</source>
        <translation>Производственный календарь Казахстана</translation>
    </message>
    <message>
        <source>Deadlines are counted in working days: weekends, public holidays and the days off the Government moves by decree are skipped. When a new decree or the date of Kurban Ait is announced, enter it below: the deadlines of open requests are counted again at once.</source>
        <translation>Сроки считаются в рабочих днях: выходные, праздники и дни отдыха, перенесённые постановлением Правительства, пропускаются. Когда выходит новое постановление или объявляется дата Курбан айта, внесите её ниже: сроки открытых обращений сразу пересчитаются.</translation>
    </message>
    <message>
        <source>Year:</source>
        <translation>Год:</translation>
    </message>
    <message>
        <source>Weekend</source>
        <translation>Выходной</translation>
    </message>
    <message>
        <source>Public holiday</source>
        <translation>Праздник</translation>
    </message>
    <message>
        <source>Day off by decree</source>
        <translation>Выходной по постановлению</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>Ваше изменение</translation>
    </message>
    <message>
        <source>Working day by decree</source>
        <translation>Рабочий день по постановлению</translation>
    </message>
    <message>
        <source>Your changes to the calendar</source>
        <translation>Ваши изменения календаря</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Изменение</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Основание</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <source>Day:</source>
        <translation>День:</translation>
    </message>
    <message>
        <source>Change:</source>
        <translation>Изменение:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Основание:</translation>
    </message>
    <message>
        <source>e.g. Government decree No. 123 of 15.01.2026</source>
        <translation>напр. постановление Правительства № 123 от 15.01.2026</translation>
    </message>
    <message>
        <source>Add the change</source>
        <translation>Добавить изменение</translation>
    </message>
</context>
<context>
    <name>ClockText</name>
    <message>
        <source>done %1</source>
        <translation>выполнено %1</translation>
    </message>
    <message>
        <source>starts when: %1</source>
        <translation>отсчёт начнётся с события: %1</translation>
    </message>
    <message>
        <source>stopped (request closed)</source>
        <translation>остановлен (обращение закрыто)</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>срок сегодня</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) late</source>
        <translation>
            <numerusform>просрочено на %n рабочий день</numerusform>
            <numerusform>просрочено на %n рабочих дня</numerusform>
            <numerusform>просрочено на %n рабочих дней</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) left</source>
        <translation>
            <numerusform>остался %n рабочий день</numerusform>
            <numerusform>осталось %n рабочих дня</numerusform>
            <numerusform>осталось %n рабочих дней</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n рабочий день</numerusform>
            <numerusform>%n рабочих дня</numerusform>
            <numerusform>%n рабочих дней</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, counted from: %2 (not yet)</source>
        <translation>%1, отсчёт с события: %2 (ещё не наступило)</translation>
    </message>
    <message>
        <source>%1 from the day after %2 (%3)</source>
        <translation>%1 со дня, следующего за %2 (%3)</translation>
    </message>
    <message>
        <source>No non-working days in between.</source>
        <translation>Нерабочих дней в этот период нет.</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>Пропущены: %1</translation>
    </message>
    <message>
        <source>Due: %1</source>
        <translation>Срок: %1</translation>
    </message>
    <message>
        <source>Non-working days skipped:</source>
        <translation>Пропущены нерабочие дни:</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… и ещё %n</numerusform>
            <numerusform>… и ещё %n</numerusform>
            <numerusform>… и ещё %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Basis: %1</source>
        <translation>Основание: %1</translation>
    </message>
</context>
<context>
    <name>ConsentDialogs</name>
    <message>
        <source>Import from the website</source>
        <translation>Импорт с сайта</translation>
    </message>
</context>
<context>
    <name>ConsentsTab</name>
    <message>
        <source>The consents could not be read</source>
        <translation>Не удалось прочитать согласия</translation>
    </message>
    <message>
        <source>Nobody in the register matches “%1”.</source>
        <translation>В реестре никто не найден по запросу «%1».</translation>
    </message>
    <message numerus="yes">
        <source>%n people match: choose one.</source>
        <translation>
            <numerusform>Найден %n человек: выберите одного.</numerusform>
            <numerusform>Найдено %n человека: выберите одного.</numerusform>
            <numerusform>Найдено %n человек: выберите одного.</numerusform>
        </translation>
    </message>
    <message>
        <source>Subject %1 (data destroyed)</source>
        <translation>Субъект %1 (данные уничтожены)</translation>
    </message>
    <message>
        <source>register № %1</source>
        <translation>реестровый № %1</translation>
    </message>
    <message>
        <source>The data of this person was destroyed: nothing may be processed.</source>
        <translation>Данные этого человека уничтожены: обрабатывать нечего.</translation>
    </message>
    <message>
        <source>Blocked since %1: the data may not be processed for any purpose until it is unblocked.</source>
        <translation>Заблокирован с %1: данные нельзя обрабатывать ни для какой цели, пока блокировка не снята.</translation>
    </message>
    <message>
        <source>Blocked: the data may not be processed for any purpose until it is unblocked.</source>
        <translation>Заблокирован: данные нельзя обрабатывать ни для какой цели, пока блокировка не снята.</translation>
    </message>
    <message>
        <source>Website use: may we use the person&apos;s data for the website?</source>
        <translation>Сайт: можно использовать данные человека для работы сайта?</translation>
    </message>
    <message>
        <source>Marketing: may we send this person advertising?</source>
        <translation>Маркетинг: можно отправлять рекламу?</translation>
    </message>
    <message>
        <source>Delivery: may we use the data to deliver orders?</source>
        <translation>Доставка: можно использовать данные для доставки заказов?</translation>
    </message>
    <message>
        <source>Consent given on %1.</source>
        <translation>Согласие дано %1.</translation>
    </message>
    <message>
        <source>Consent given, but the person&apos;s data is blocked.</source>
        <translation>Согласие дано, но данные человека заблокированы.</translation>
    </message>
    <message>
        <source>No consent has been recorded.</source>
        <translation>Согласие не зарегистрировано.</translation>
    </message>
    <message>
        <source>No consent yet at that moment (it was given later).</source>
        <translation>На тот момент согласия ещё не было (оно дано позже).</translation>
    </message>
    <message>
        <source>Consent withdrawn on %1.</source>
        <translation>Согласие отозвано %1.</translation>
    </message>
    <message>
        <source>Consent expired on %1.</source>
        <translation>Срок согласия истёк %1.</translation>
    </message>
    <message>
        <source>The retention term of this purpose has ended (%1).</source>
        <translation>Срок хранения для этой цели истёк (%1).</translation>
    </message>
    <message>
        <source>The purpose has been achieved: the term after the last order ended on %1.</source>
        <translation>Цель достигнута: срок после последнего заказа истёк %1.</translation>
    </message>
    <message>
        <source>Given: %1 · how: %2</source>
        <translation>Дано: %1 · способ: %2</translation>
    </message>
    <message>
        <source>Evidence: %1</source>
        <translation>Подтверждение: %1</translation>
    </message>
    <message>
        <source>Valid until: %1</source>
        <translation>Действует до: %1</translation>
    </message>
    <message>
        <source>Valid until withdrawn</source>
        <translation>Действует до отзыва</translation>
    </message>
    <message>
        <source>Privacy policy: not recorded (given before the earliest edition kept in PDP Desk).</source>
        <translation>Политика конфиденциальности: не указана (согласие дано до самой ранней редакции, которая есть в PDP Desk).</translation>
    </message>
    <message>
        <source>The withdrawal opened request № %1 (see the Inbox).</source>
        <translation>По отзыву открыто обращение № %1 (см. «Входящие обращения»).</translation>
    </message>
    <message>
        <source>data kept for this purpose until: %1</source>
        <translation>данные для этой цели хранятся до: %1</translation>
    </message>
    <message>
        <source>to third parties</source>
        <translation>третьим лицам</translation>
    </message>
    <message>
        <source>abroad</source>
        <translation>за рубеж</translation>
    </message>
    <message>
        <source>to public sources</source>
        <translation>в общедоступные источники</translation>
    </message>
    <message>
        <source>Transfer allowed: %1</source>
        <translation>Разрешена передача: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Privacy policy of %1 (show the text)</source>
        <translation>Политика конфиденциальности от %1 (показать текст)</translation>
    </message>
    <message>
        <source>The policy text could not be read</source>
        <translation>Не удалось прочитать текст политики</translation>
    </message>
    <message>
        <source>Privacy policy of %1</source>
        <translation>Политика конфиденциальности от %1</translation>
    </message>
    <message>
        <source>The consent was recorded.</source>
        <translation>Согласие зарегистрировано.</translation>
    </message>
    <message>
        <source>The withdrawal was recorded. Request № %1 was opened: processing must stop, or the reasons be given, by %2.</source>
        <translation>Отзыв зарегистрирован. Открыто обращение № %1: до %2 нужно прекратить обработку или сообщить причины её продолжения.</translation>
    </message>
    <message>
        <source>Consent lookup</source>
        <translation>Проверка согласия</translation>
    </message>
    <message>
        <source>Phone in any spelling, e-mail, IIN or name</source>
        <translation>Телефон в любом написании, e-mail, ИИН или имя</translation>
    </message>
    <message>
        <source>as of</source>
        <translation>на момент:</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Сейчас</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>Проверить</translation>
    </message>
    <message>
        <source>Record a consent given…</source>
        <translation>Зарегистрировать согласие…</translation>
    </message>
    <message>
        <source>Withdraw consent…</source>
        <translation>Отозвать согласие…</translation>
    </message>
    <message>
        <source>The answer is as of the moment chosen: choose a date in the past to see what the person had agreed to then, under the policy in force then.</source>
        <translation>Ответ дан на выбранный момент: выберите дату в прошлом, чтобы увидеть, на что человек был согласен тогда и по какой редакции политики.</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct the subject&apos;s data</source>
        <translation>Исправление данных субъекта</translation>
    </message>
    <message>
        <source>Several phones or e-mails: separate them with commas. An empty field removes them all.</source>
        <translation>Несколько телефонов или адресов — через запятую. Пустое поле удаляет их все.</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>ФИО:</translation>
    </message>
    <message>
        <source>IIN:</source>
        <translation>ИИН:</translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation>Телефоны:</translation>
    </message>
    <message>
        <source>E-mails:</source>
        <translation>Эл. почта:</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>PDP Desk: unexpected error</source>
        <translation>PDP Desk: непредвиденная ошибка</translation>
    </message>
    <message>
        <source>PDP Desk keeps working. If you were saving something, it was not saved: the change was rolled back, and everything saved before is intact. Check it and try again.

If it happens again, copy the details and send them to whoever looks after PDP Desk. They hold no personal data.</source>
        <translation>PDP Desk продолжает работать. Если вы что-то сохраняли, это не сохранено: изменение отменено, а всё сохранённое раньше цело. Проверьте и попробуйте ещё раз.

Если ошибка повторится, скопируйте подробности и отправьте тому, кто обслуживает PDP Desk. Персональных данных в них нет.</translation>
    </message>
    <message>
        <source>The log file: %1</source>
        <translation>Файл журнала работы: %1</translation>
    </message>
    <message>
        <source>No log file is being written.</source>
        <translation>Файл журнала работы не ведётся.</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Скопировать подробности</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message numerus="yes">
        <source>Something unexpected went wrong (%n time(s)).</source>
        <translation>
            <numerusform>Произошла непредвиденная ошибка (%n раз).</numerusform>
            <numerusform>Произошла непредвиденная ошибка (%n раза).</numerusform>
            <numerusform>Произошла непредвиденная ошибка (%n раз).</numerusform>
        </translation>
    </message>
    <message>
        <source>Something unexpected went wrong.</source>
        <translation>Произошла непредвиденная ошибка.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Скопировано</translation>
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
        <translation>В очередь на уничтожение</translation>
    </message>
    <message>
        <source>The person&apos;s data will wait in the destruction queue; the destruction itself, with its act, is done in the Destruction tab.</source>
        <translation>Данные человека встанут в очередь на уничтожение; само уничтожение с актом выполняется на вкладке «Уничтожение».</translation>
    </message>
    <message>
        <source>The subject&apos;s request is upheld</source>
        <translation>Требование субъекта удовлетворено</translation>
    </message>
    <message>
        <source>Unlawful processing (Art. 18 sub. 3-1)</source>
        <translation>Незаконная обработка (ст. 18 пп. 3-1)</translation>
    </message>
    <message>
        <source>Consent withdrawn (Art. 8 p. 7)</source>
        <translation>Отзыв согласия (ст. 8 п. 7)</translation>
    </message>
    <message>
        <source>The purpose of processing is achieved</source>
        <translation>Цель обработки достигнута</translation>
    </message>
    <message>
        <source>The consent has expired</source>
        <translation>Истёк срок согласия</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Основание:</translation>
    </message>
</context>
<context>
    <name>DestructionTab</name>
    <message>
        <source>Destruction of personal data</source>
        <translation>Уничтожение персональных данных</translation>
    </message>
    <message>
        <source>The list of people waiting could not be read.</source>
        <translation>Не удалось прочитать список ожидающих уничтожения.</translation>
    </message>
    <message>
        <source>Nobody is waiting for destruction now.</source>
        <translation>Сейчас никто не ожидает уничтожения данных.</translation>
    </message>
    <message>
        <source>Waiting for destruction: %1 person(s).</source>
        <translation>Ожидают уничтожения данных: %1 чел.</translation>
    </message>
    <message>
        <source>Start destruction…</source>
        <translation>Начать уничтожение…</translation>
    </message>
    <message>
        <source>&lt;p&gt;Destruction removes every trace of a person&apos;s personal data from PDP Desk: the register entry, contacts, addresses, orders, consents, requests and their files, and the search index. It cannot be undone.&lt;/p&gt;&lt;p&gt;It is done when the purpose of processing is achieved or the term has expired, when consent is withdrawn, on an upheld request, on unlawful processing, or by a court decision (Law No. 94-V, Art. 18; policy §9).&lt;/p&gt;&lt;p&gt;Each destruction is confirmed by an act with an extract of the system log. The wizard shows the act before anything is destroyed; the act is kept for three years in the Acts tab.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Уничтожение удаляет из PDP Desk все персональные данные лица: запись реестра, контакты, адреса, заказы, согласия, обращения с их файлами и поисковый индекс. Отменить его нельзя.&lt;/p&gt;&lt;p&gt;Оно проводится по достижении целей обработки или истечении срока, при отзыве согласия, по удовлетворённому требованию, при незаконной обработке или по решению суда (Закон № 94-V, ст. 18; Политика, п. 9).&lt;/p&gt;&lt;p&gt;Каждое уничтожение подтверждается актом с выпиской из журнала системы. Мастер показывает акт до уничтожения; акт хранится три года на вкладке «Акты».&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>DestructionWizard</name>
    <message>
        <source>The data of “%1” was changed by someone else after the review. Go back to the first step and forward again to review it anew.</source>
        <translation>Данные «%1» изменены другим пользователем после проверки. Вернитесь к первому шагу и пройдите вперёд, чтобы проверить их заново.</translation>
    </message>
    <message>
        <source>The data of “%1” was already destroyed by another act. Go back and uncheck this person.</source>
        <translation>Данные «%1» уже уничтожены другим актом. Вернитесь назад и снимите отметку с этого лица.</translation>
    </message>
    <message>
        <source>“%1” is no longer in the register. Go back and uncheck this person.</source>
        <translation>«%1» больше нет в реестре. Вернитесь назад и снимите отметку с этого лица.</translation>
    </message>
    <message>
        <source>“%1” is another operator&apos;s subject: make a separate act for each operator.</source>
        <translation>«%1» — субъект другого оператора: составьте отдельный акт для каждого оператора.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Остановлено.</translation>
    </message>
    <message>
        <source>There is nothing to destroy: choose at least one person who is not excluded.</source>
        <translation>Уничтожать нечего: выберите хотя бы одно лицо, не исключённое из акта.</translation>
    </message>
    <message>
        <source>Choose the operator whose data is destroyed.</source>
        <translation>Выберите оператора, чьи данные уничтожаются.</translation>
    </message>
    <message>
        <source>A person chosen to sign the act is not in the staff list.</source>
        <translation>Лицо, выбранное для подписи акта, отсутствует в списке сотрудников.</translation>
    </message>
    <message>
        <source>Destruction of personal data</source>
        <translation>Уничтожение персональных данных</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Далее &gt;</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Saved: %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <source>6. The act</source>
        <translation>6. Акт</translation>
    </message>
    <message>
        <source>Print the act for signature; later attach the signed scan in the Acts tab.</source>
        <translation>Распечатайте акт для подписи; позже приложите скан подписанного акта на вкладке «Акты».</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>Сохранить копию…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Act № %1</source>
        <translation>Акт № %1</translation>
    </message>
    <message>
        <source>Destroyed: %1 person(s).</source>
        <translation>Уничтожены данные лиц: %1.</translation>
    </message>
    <message>
        <source>Excluded with a reasoned refusal: %1.</source>
        <translation>Исключено с мотивированным отказом: %1.</translation>
    </message>
    <message>
        <source>Orders kept for accounting without the person: %1.</source>
        <translation>Заказов сохранено для бухгалтерского учёта без данных лица: %1.</translation>
    </message>
</context>
<context>
    <name>DueStatus</name>
    <message>
        <source>On track</source>
        <translation>В срок</translation>
    </message>
    <message>
        <source>Due within 2 working days</source>
        <translation>Срок в ближайшие 2 раб. дня</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Срок сегодня</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <source>Not started yet</source>
        <translation>Ещё не начался</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <source>Deadlines:</source>
        <translation>Сроки:</translation>
    </message>
</context>
<context>
    <name>ExecutePage</name>
    <message>
        <source>Destroying… Do not close the program.</source>
        <translation>Идёт уничтожение… Не закрывайте программу.</translation>
    </message>
    <message>
        <source>Stopping: nothing will be destroyed…</source>
        <translation>Остановка: ничего не будет уничтожено…</translation>
    </message>
    <message>
        <source>Done: act № %1.</source>
        <translation>Готово: акт № %1.</translation>
    </message>
    <message>
        <source>Nothing was destroyed and no act was made.</source>
        <translation>Ничего не уничтожено, акт не составлен.</translation>
    </message>
    <message>
        <source>5. Destroy</source>
        <translation>5. Уничтожение</translation>
    </message>
    <message>
        <source>The data is destroyed in one go: everything or, on any error, nothing.</source>
        <translation>Данные уничтожаются за один раз: всё целиком, а при любой ошибке — ничего.</translation>
    </message>
    <message>
        <source>The personal data of %1 person(s) will be destroyed; %2 excluded with a reasoned refusal.</source>
        <translation>Будут уничтожены персональные данные лиц: %1; исключено с мотивированным отказом: %2.</translation>
    </message>
    <message>
        <source>This cannot be undone: the data cannot be recovered afterwards.</source>
        <translation>Это действие необратимо: восстановить данные после него нельзя.</translation>
    </message>
    <message>
        <source>Destroy</source>
        <translation>Уничтожить</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <source>Enter the name.</source>
        <translation>Введите наименование.</translation>
    </message>
    <message>
        <source>Enter the full name.</source>
        <translation>Введите ФИО.</translation>
    </message>
    <message>
        <source>The name is longer than 300 characters.</source>
        <translation>Наименование длиннее 300 символов.</translation>
    </message>
    <message>
        <source>Enter the address (it goes on the acts).</source>
        <translation>Введите адрес (он указывается в актах).</translation>
    </message>
    <message>
        <source>The address is longer than 500 characters.</source>
        <translation>Адрес длиннее 500 символов.</translation>
    </message>
    <message>
        <source>Enter the position (it goes on the acts).</source>
        <translation>Введите должность (она указывается в актах).</translation>
    </message>
    <message>
        <source>The position is longer than 300 characters.</source>
        <translation>Должность длиннее 300 символов.</translation>
    </message>
    <message>
        <source>Enter the IIN (sole proprietor) or BIN (company).</source>
        <translation>Введите ИИН (для ИП) или БИН (для организации).</translation>
    </message>
    <message>
        <source>An IIN or a BIN has 12 digits.</source>
        <translation>ИИН или БИН состоит из 12 цифр.</translation>
    </message>
    <message>
        <source>The 7th digit of an IIN is 1 to 6: check the number.</source>
        <translation>7-я цифра ИИН — от 1 до 6: проверьте номер.</translation>
    </message>
    <message>
        <source>The check digit of this IIN is wrong (a typing error?).</source>
        <translation>Неверная контрольная цифра ИИН (опечатка?).</translation>
    </message>
    <message>
        <source>No IIN is ever issued with these digits: check the number.</source>
        <translation>ИИН с такими цифрами не выдаётся: проверьте номер.</translation>
    </message>
    <message>
        <source>Digits 3–4 of a BIN are a month (01–12): check the number.</source>
        <translation>3–4-я цифры БИН — месяц (01–12): проверьте номер.</translation>
    </message>
    <message>
        <source>The 5th digit of a BIN is 4, 5 or 6: check the number.</source>
        <translation>5-я цифра БИН — 4, 5 или 6: проверьте номер.</translation>
    </message>
    <message>
        <source>The 6th digit of a BIN is 0 to 3: check the number.</source>
        <translation>6-я цифра БИН — от 0 до 3: проверьте номер.</translation>
    </message>
    <message>
        <source>The check digit of this BIN is wrong (a typing error?).</source>
        <translation>Неверная контрольная цифра БИН (опечатка?).</translation>
    </message>
    <message>
        <source>No BIN is ever issued with these digits: check the number.</source>
        <translation>БИН с такими цифрами не выдаётся: проверьте номер.</translation>
    </message>
    <message>
        <source>Another operator above has this IIN/BIN.</source>
        <translation>Этот ИИН/БИН уже указан у другого оператора выше.</translation>
    </message>
    <message>
        <source>Add at least one operator, or skip the setup for now.</source>
        <translation>Добавьте хотя бы одного оператора или пока пропустите настройку.</translation>
    </message>
    <message>
        <source>Add at least one person who receives requests and signs acts.</source>
        <translation>Добавьте хотя бы одного сотрудника, который принимает обращения и подписывает акты.</translation>
    </message>
    <message>
        <source>Give the retention term in days.</source>
        <translation>Укажите срок хранения в днях.</translation>
    </message>
    <message>
        <source>The term must be 1 to 36,500 days.</source>
        <translation>Срок — от 1 до 36 500 дней.</translation>
    </message>
    <message>
        <source>“Until withdrawn” has no term in days.</source>
        <translation>У правила «до отзыва» нет срока в днях.</translation>
    </message>
    <message>
        <source>Choose a retention rule.</source>
        <translation>Выберите правило хранения.</translation>
    </message>
    <message>
        <source>Choose a folder.</source>
        <translation>Выберите папку.</translation>
    </message>
    <message>
        <source>The folder&apos;s path is too long.</source>
        <translation>Слишком длинный путь к папке.</translation>
    </message>
    <message>
        <source>Give the whole path of the folder, starting with the drive (C:\…).</source>
        <translation>Укажите полный путь к папке, начиная с диска (C:\…).</translation>
    </message>
    <message>
        <source>This is a file, not a folder.</source>
        <translation>Это файл, а не папка.</translation>
    </message>
    <message>
        <source>PDP Desk cannot write in this folder: choose another one.</source>
        <translation>PDP Desk не может записывать в эту папку: выберите другую.</translation>
    </message>
    <message>
        <source>Keep backups 1 to 365 days.</source>
        <translation>Храните резервные копии от 1 до 365 дней.</translation>
    </message>
    <message>
        <source>There is already a database file in this folder: open it with File → Open database, or choose another folder.</source>
        <translation>В этой папке уже есть файл базы данных: откройте его через «Файл → Открыть базу данных» или выберите другую папку.</translation>
    </message>
    <message>
        <source>The database could not be moved there: choose another folder.</source>
        <translation>Не удалось перенести базу данных туда: выберите другую папку.</translation>
    </message>
    <message>
        <source>Data: %1</source>
        <translation>Данные: %1</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Наименование:</translation>
    </message>
    <message>
        <source>IIN/BIN:</source>
        <translation>ИИН/БИН:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>IE Surname First name Patronymic</source>
        <translation>ИП Фамилия Имя Отчество</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 цифр</translation>
    </message>
    <message>
        <source>City, street, building</source>
        <translation>Город, улица, дом</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>ФИО:</translation>
    </message>
    <message>
        <source>Position:</source>
        <translation>Должность:</translation>
    </message>
    <message>
        <source>Surname First name Patronymic</source>
        <translation>Фамилия Имя Отчество</translation>
    </message>
    <message>
        <source>e.g. Manager</source>
        <translation>например, менеджер</translation>
    </message>
    <message>
        <source>Welcome to PDP Desk</source>
        <translation>Добро пожаловать в PDP Desk</translation>
    </message>
    <message>
        <source>A few questions before you start. Choose the language of the program first.</source>
        <translation>Несколько вопросов перед началом работы. Сначала выберите язык программы.</translation>
    </message>
    <message>
        <source>You can change the language at any time in the View → Language menu; nothing you typed is lost.</source>
        <translation>Язык можно сменить в любой момент в меню «Вид → Язык»; введённое не пропадёт.</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Операторы</translation>
    </message>
    <message>
        <source>Who processes the personal data: the sole proprietors named in the privacy policy.</source>
        <translation>Кто обрабатывает персональные данные: индивидуальные предприниматели, названные в политике конфиденциальности.</translation>
    </message>
    <message>
        <source>The four operators of the policy are filled in as a start: check each one, add the missing IIN and the addresses (they go on the acts of destruction), remove those who are not operators any more.</source>
        <translation>Для начала заполнены четыре оператора из политики: проверьте каждого, добавьте недостающий ИИН и адреса (они указываются в актах об уничтожении), удалите тех, кто больше не является оператором.</translation>
    </message>
    <message>
        <source>Add an operator</source>
        <translation>Добавить оператора</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Сотрудники</translation>
    </message>
    <message>
        <source>The people who receive requests, destroy data and sign the acts (at least one).</source>
        <translation>Кто принимает обращения, уничтожает данные и подписывает акты (хотя бы один человек).</translation>
    </message>
    <message>
        <source>Their names and positions are printed on the acts of destruction and on the answers to requests.</source>
        <translation>Их ФИО и должности печатаются в актах об уничтожении и в ответах на обращения.</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>Добавить сотрудника</translation>
    </message>
    <message>
        <source>Purposes and retention</source>
        <translation>Цели и сроки хранения</translation>
    </message>
    <message>
        <source>The purposes of processing from the policy (§4) and how long the data of each is kept.</source>
        <translation>Цели обработки из политики (раздел 4) и сколько хранятся данные для каждой из них.</translation>
    </message>
    <message>
        <source>The policy says data is kept “as long as necessary to achieve the purposes” (§5.3): the terms are the operator&apos;s choice. When no purpose justifies a person&apos;s data any more, the person is listed for destruction.</source>
        <translation>Политика говорит, что данные хранятся «в течение срока, необходимого для достижения целей» (п. 5.3): сроки выбирает оператор. Когда ни одна цель больше не оправдывает хранение данных человека, он попадает в список на уничтожение.</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Цель</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Политика</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Срок хранения</translation>
    </message>
    <message>
        <source>until the consent is withdrawn</source>
        <translation>до отзыва согласия</translation>
    </message>
    <message>
        <source>days after the consent was given</source>
        <translation>дней после дачи согласия</translation>
    </message>
    <message>
        <source>days after the last order</source>
        <translation>дней после последнего заказа</translation>
    </message>
    <message>
        <source>The law allows keeping data only while a purpose needs it; you can change these terms later in Settings → Retention.</source>
        <translation>Закон разрешает хранить данные только пока они нужны для цели; эти сроки можно изменить позже в разделе «Настройки → Сроки хранения».</translation>
    </message>
    <message>
        <source>Folder for the database</source>
        <translation>Папка для базы данных</translation>
    </message>
    <message>
        <source>Folder for backups</source>
        <translation>Папка для резервных копий</translation>
    </message>
    <message>
        <source>Free space: %1 MB</source>
        <translation>Свободно: %1 МБ</translation>
    </message>
    <message>
        <source>Free space: %1 GB</source>
        <translation>Свободно: %1 ГБ</translation>
    </message>
    <message>
        <source>(the folder will be created)</source>
        <translation>(папка будет создана)</translation>
    </message>
    <message>
        <source>Database and backups</source>
        <translation>База данных и резервные копии</translation>
    </message>
    <message>
        <source>Where the data lives on this PC.</source>
        <translation>Где хранятся данные на этом компьютере.</translation>
    </message>
    <message>
        <source>Backups are made every day, encrypted with a passphrase set in Settings → Backups (until it is set, no backup is made). Prefer a second disk or a USB drive for them: a backup on the same disk is lost with the disk.</source>
        <translation>Резервные копии делаются каждый день и шифруются паролем, который задаётся в разделе «Настройки → Резервные копии» (пока он не задан, копии не делаются). Лучше хранить их на другом диске или на флешке: копия на том же диске пропадёт вместе с диском.</translation>
    </message>
    <message>
        <source>Database folder:</source>
        <translation>Папка базы данных:</translation>
    </message>
    <message>
        <source>Backups folder:</source>
        <translation>Папка резервных копий:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>The database file: %1</source>
        <translation>Файл базы данных: %1</translation>
    </message>
    <message>
        <source>The database file: %1 (it holds data already: it stays where it is)</source>
        <translation>Файл базы данных: %1 (в нём уже есть данные, поэтому он остаётся на месте)</translation>
    </message>
    <message>
        <source>Keep backups:</source>
        <translation>Хранить копии:</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source>Destroyed data is gone from the backups too after this many days; the acts say so.</source>
        <translation>Через столько дней уничтоженные данные исчезают и из резервных копий; это указывается в актах.</translation>
    </message>
    <message>
        <source>Skip the setup?</source>
        <translation>Пропустить настройку?</translation>
    </message>
    <message>
        <source>Skip the setup for now?</source>
        <translation>Пропустить настройку пока?</translation>
    </message>
    <message>
        <source>The wizard will not open by itself again. Until the operators and staff are entered, requests and acts cannot name them: fill them in later from the File menu, “Set up operators and staff…”. The retention terms stay as the policy suggests; backups go to the default folder.</source>
        <translation>Мастер больше не откроется сам. Пока операторы и сотрудники не введены, их нельзя указать в обращениях и актах: заполните их позже через меню «Файл» → «Операторы и сотрудники…». Сроки хранения останутся такими, как предлагает политика; резервные копии будут сохраняться в папку по умолчанию.</translation>
    </message>
    <message>
        <source>Skip for now</source>
        <translation>Пропустить пока</translation>
    </message>
    <message>
        <source>Go on with the setup</source>
        <translation>Продолжить настройку</translation>
    </message>
    <message>
        <source>PDP Desk — first start</source>
        <translation>PDP Desk — первый запуск</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Далее &gt;</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Назад</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>The website&apos;s export</source>
        <translation>Выгрузка сайта</translation>
    </message>
    <message>
        <source>Tables (*.csv *.xlsx *.txt);;All files (*)</source>
        <translation>Таблицы (*.csv *.xlsx *.txt);;Все файлы (*)</translation>
    </message>
    <message>
        <source>%1 cannot be read as a table.</source>
        <translation>Файл %1 не читается как таблица.</translation>
    </message>
    <message>
        <source>Excel workbook (first sheet)</source>
        <translation>Книга Excel (первый лист)</translation>
    </message>
    <message>
        <source>comma</source>
        <translation>запятая</translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation>точка с запятой</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>табуляция</translation>
    </message>
    <message>
        <source>CSV text, encoding %1, delimiter: %2</source>
        <translation>Текст CSV, кодировка %1, разделитель: %2</translation>
    </message>
    <message numerus="yes">
        <source>about %Ln row(s)</source>
        <translation>
            <numerusform>около %Ln строки</numerusform>
            <numerusform>около %Ln строк</numerusform>
            <numerusform>около %Ln строк</numerusform>
        </translation>
    </message>
    <message>
        <source>the columns as chosen for this export last time</source>
        <translation>столбцы как в прошлый раз для такой выгрузки</translation>
    </message>
    <message>
        <source>the columns guessed from their names: check them</source>
        <translation>столбцы определены по названиям: проверьте их</translation>
    </message>
    <message>
        <source>the columns as given</source>
        <translation>столбцы как заданы</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Импорт %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Импортировать</translation>
    </message>
    <message>
        <source>Cancelling: nothing will be imported…</source>
        <translation>Отмена: ничего не будет импортировано…</translation>
    </message>
    <message>
        <source>Importing %1: %2 of about %3 rows…</source>
        <translation>Импорт %1: %2 из примерно %3 строк…</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>Ничего не импортировано</translation>
    </message>
    <message>
        <source>Import report</source>
        <translation>Отчёт об импорте</translation>
    </message>
    <message>
        <source>The import was cancelled after %1 rows. Nothing was imported: the register is as it was.</source>
        <translation>Импорт отменён после %1 строк. Ничего не импортировано: реестр остался прежним.</translation>
    </message>
    <message>
        <source>Check only: this is what the import would do. Nothing was written.</source>
        <translation>Только проверка: вот что сделал бы импорт. Ничего не записано.</translation>
    </message>
    <message>
        <source>Imported %1: %2 rows read.</source>
        <translation>Импортирован %1: прочитано строк: %2.</translation>
    </message>
    <message>
        <source>No row was skipped.</source>
        <translation>Пропущенных строк нет.</translation>
    </message>
    <message>
        <source>People: %1 created, %2 updated, %3 unchanged, %4 skipped.</source>
        <translation>Люди: создано %1, обновлено %2, без изменений %3, пропущено %4.</translation>
    </message>
    <message>
        <source>Orders: %1 created, %2 updated, %3 unchanged. Marketing consents recorded: %4.</source>
        <translation>Заказы: создано %1, обновлено %2, без изменений %3. Зарегистрировано согласий на рекламу: %4.</translation>
    </message>
    <message>
        <source>Skipped because: %1</source>
        <translation>Пропущены по причине: %1</translation>
    </message>
    <message>
        <source>Skipped rows (row of the file: reason):</source>
        <translation>Пропущенные строки (строка файла: причина):</translation>
    </message>
    <message>
        <source>Notes (the row was imported):</source>
        <translation>Замечания (строка импортирована):</translation>
    </message>
    <message>
        <source>Save the skipped rows</source>
        <translation>Сохранить пропущенные строки</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <source>Row of the file</source>
        <translation>Строка файла</translation>
    </message>
    <message>
        <source>Reason code</source>
        <translation>Код причины</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>The skipped rows were not saved</source>
        <translation>Пропущенные строки не сохранены</translation>
    </message>
    <message>
        <source>Import from the website&apos;s export</source>
        <translation>Импорт из выгрузки сайта</translation>
    </message>
    <message>
        <source>no phone, e-mail or IIN</source>
        <translation>нет телефона, e-mail или ИИН</translation>
    </message>
    <message>
        <source>a cell is too long</source>
        <translation>слишком длинная ячейка</translation>
    </message>
    <message>
        <source>the name is too long</source>
        <translation>слишком длинное имя</translation>
    </message>
    <message>
        <source>the contacts belong to different people (merge them first)</source>
        <translation>контакты принадлежат разным людям (сначала объедините их)</translation>
    </message>
    <message>
        <source>the person is blocked</source>
        <translation>человек заблокирован</translation>
    </message>
    <message>
        <source>a phone of another country, nothing else identifies the person</source>
        <translation>телефон другой страны, больше ничто не определяет человека</translation>
    </message>
    <message>
        <source>a wrong phone, nothing else identifies the person</source>
        <translation>неверный телефон, больше ничто не определяет человека</translation>
    </message>
    <message>
        <source>a wrong e-mail, nothing else identifies the person</source>
        <translation>неверный e-mail, больше ничто не определяет человека</translation>
    </message>
    <message>
        <source>a wrong IIN, nothing else identifies the person</source>
        <translation>неверный ИИН, больше ничто не определяет человека</translation>
    </message>
    <message>
        <source>no phone, e-mail or IIN to identify the person</source>
        <translation>нет телефона, e-mail или ИИН для опознания человека</translation>
    </message>
    <message>
        <source>no other phone, e-mail or IIN identifies the person</source>
        <translation>нет другого телефона, e-mail или ИИН, по которому можно опознать человека</translation>
    </message>
    <message>
        <source>a cell is longer than %1 characters (column “%2”)</source>
        <translation>ячейка длиннее %1 символов (столбец «%2»)</translation>
    </message>
    <message>
        <source>the name is longer than %1 characters</source>
        <translation>ФИО длиннее %1 символов</translation>
    </message>
    <message>
        <source>the phone, e-mail or IIN belong to different people in the register; merge them in the register first</source>
        <translation>телефон, e-mail или ИИН принадлежат разным людям в реестре; сначала объедините их в реестре</translation>
    </message>
    <message>
        <source>the person is blocked in the register: their data are not processed while blocked</source>
        <translation>человек заблокирован в реестре: пока действует блокировка, его данные не обрабатываются</translation>
    </message>
    <message>
        <source>the phone in column “%1” is not a Kazakhstan number</source>
        <translation>телефон в столбце «%1» — не казахстанский номер</translation>
    </message>
    <message>
        <source>the phone in column “%1” is not a valid number (%2)</source>
        <translation>телефон в столбце «%1» неверен (%2)</translation>
    </message>
    <message>
        <source>the e-mail in column “%1” is not valid (%2)</source>
        <translation>e-mail в столбце «%1» неверен (%2)</translation>
    </message>
    <message>
        <source>the IIN in column “%1” is not valid (%2)</source>
        <translation>ИИН в столбце «%1» неверен (%2)</translation>
    </message>
    <message>
        <source>not ten digits after +7 or 8</source>
        <translation>после +7 или 8 не десять цифр</translation>
    </message>
    <message>
        <source>letters or signs in the number</source>
        <translation>в номере буквы или лишние знаки</translation>
    </message>
    <message>
        <source>far too long</source>
        <translation>слишком длинный</translation>
    </message>
    <message>
        <source>not an e-mail address</source>
        <translation>не адрес электронной почты</translation>
    </message>
    <message>
        <source>too long</source>
        <translation>слишком длинный</translation>
    </message>
    <message>
        <source>an IIN has 12 digits</source>
        <translation>в ИИН 12 цифр</translation>
    </message>
    <message>
        <source>the check digit does not match</source>
        <translation>не сходится контрольная цифра</translation>
    </message>
    <message>
        <source>no such IIN is issued</source>
        <translation>такой ИИН не выдаётся</translation>
    </message>
    <message>
        <source>the 7th digit is wrong</source>
        <translation>неверна 7-я цифра</translation>
    </message>
    <message>
        <source>the date of birth in it is wrong</source>
        <translation>в нём неверна дата рождения</translation>
    </message>
    <message>
        <source>The file is not there.</source>
        <translation>Файл не найден.</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Файл пустой.</translation>
    </message>
    <message>
        <source>The file is too large to import.</source>
        <translation>Файл слишком большой для импорта.</translation>
    </message>
    <message>
        <source>This is an old Excel file (.xls): save it as .xlsx or CSV first.</source>
        <translation>Это старый файл Excel (.xls): сначала сохраните его как .xlsx или CSV.</translation>
    </message>
    <message>
        <source>The file is not text in an encoding PDP Desk knows (UTF-8, UTF-16 or Windows-1251).</source>
        <translation>Файл не является текстом в известной PDP Desk кодировке (UTF-8, UTF-16 или Windows-1251).</translation>
    </message>
    <message>
        <source>The quoting in the file is broken.</source>
        <translation>В файле нарушены кавычки.</translation>
    </message>
    <message>
        <source>The file has too many columns.</source>
        <translation>В файле слишком много столбцов.</translation>
    </message>
    <message>
        <source>The file has too many rows.</source>
        <translation>В файле слишком много строк.</translation>
    </message>
    <message>
        <source>The file is not a readable table.</source>
        <translation>Файл не является читаемой таблицей.</translation>
    </message>
    <message>
        <source>The first line does not hold the column names.</source>
        <translation>В первой строке нет названий столбцов.</translation>
    </message>
    <message>
        <source>The file has no rows to import.</source>
        <translation>В файле нет строк для импорта.</translation>
    </message>
    <message>
        <source>The columns chosen are not in the file.</source>
        <translation>Выбранных столбцов нет в файле.</translation>
    </message>
    <message>
        <source>Several columns are mapped to the same field.</source>
        <translation>Несколько столбцов сопоставлены одному и тому же полю.</translation>
    </message>
    <message>
        <source>Map at least one column to the phone, the e-mail or the IIN: people are matched to the register by them.</source>
        <translation>Укажите хотя бы один столбец с телефоном, e-mail или ИИН: по ним люди сопоставляются с реестром.</translation>
    </message>
    <message>
        <source>The order number is mapped but the order date is not.</source>
        <translation>Номер заказа указан, а дата заказа — нет.</translation>
    </message>
    <message>
        <source>Line %1.</source>
        <translation>Строка %1.</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>Выбрать файл…</translation>
    </message>
    <message>
        <source>A CSV or XLSX export of customers or orders</source>
        <translation>Выгрузка клиентов или заказов в CSV или XLSX</translation>
    </message>
    <message>
        <source>Check what each column holds (the list above each column); columns set to “Do not import” are left out.</source>
        <translation>Проверьте, что содержит каждый столбец (список над столбцом); столбцы с пометкой «Не импортировать» пропускаются.</translation>
    </message>
    <message>
        <source>Category of the people:</source>
        <translation>Категория людей:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>match people of any operator</source>
        <translation>сопоставлять с людьми любого оператора</translation>
    </message>
    <message>
        <source>Check only: show the report, write nothing</source>
        <translation>Только проверить: показать отчёт, ничего не записывать</translation>
    </message>
    <message>
        <source>Copy the report</source>
        <translation>Скопировать отчёт</translation>
    </message>
    <message>
        <source>Save the skipped rows…</source>
        <translation>Сохранить пропущенные строки…</translation>
    </message>
    <message>
        <source>Import another file</source>
        <translation>Импортировать другой файл</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <source>Working days left to the nearest deadline; negative: late by that many.</source>
        <translation>Рабочих дней до ближайшего срока; со знаком минус — на столько дней просрочено.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Получено</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Answer due</source>
        <translation>Срок ответа</translation>
    </message>
    <message>
        <source>Action due</source>
        <translation>Срок исполнения</translation>
    </message>
    <message>
        <source>Working days left</source>
        <translation>Осталось раб. дней</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>не начат</translation>
    </message>
    <message>
        <source>today</source>
        <translation>сегодня</translation>
    </message>
    <message>
        <source>No deadline is running: the request is answered, or its clock waits for an event (documents, confirmation).</source>
        <translation>Срок не идёт: на обращение уже ответили или отсчёт ждёт события (документов, подтверждения).</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) late</source>
        <translation>
            <numerusform>Просрочено на %n рабочий день</numerusform>
            <numerusform>Просрочено на %n рабочих дня</numerusform>
            <numerusform>Просрочено на %n рабочих дней</numerusform>
        </translation>
    </message>
    <message>
        <source>Nearest deadline: %1</source>
        <translation>Ближайший срок: %1</translation>
    </message>
    <message>
        <source>This person&apos;s data is blocked: it may not be used until the block is lifted.</source>
        <translation>Данные этого человека заблокированы: их нельзя использовать, пока блокировка не снята.</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>Оператор: %1</translation>
    </message>
    <message>
        <source>Responsible: %1</source>
        <translation>Ответственный: %1</translation>
    </message>
</context>
<context>
    <name>InboxTab</name>
    <message>
        <source>Overdue: %1</source>
        <translation>Просрочено: %1</translation>
    </message>
    <message>
        <source>Due today: %1</source>
        <translation>Срок сегодня: %1</translation>
    </message>
    <message>
        <source>Due within 2 working days: %1</source>
        <translation>В ближайшие 2 раб. дня: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n обращение</numerusform>
            <numerusform>%n обращения</numerusform>
            <numerusform>%n обращений</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 shown (scroll down for more)</source>
        <translation>Показано %1 из %2 (прокрутите вниз, чтобы увидеть ещё)</translation>
    </message>
    <message>
        <source>New request…</source>
        <translation>Новое обращение…</translation>
    </message>
    <message>
        <source>Journal for inspector…</source>
        <translation>Журнал для проверяющего…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Статус:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Responsible:</source>
        <translation>Ответственный:</translation>
    </message>
    <message>
        <source>No.:</source>
        <translation>№:</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Все виды</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Все статусы</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>Все операторы</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Все</translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation>Открытые обращения</translation>
    </message>
    <message>
        <source>All requests</source>
        <translation>Все обращения</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>Только просроченные</translation>
    </message>
    <message>
        <source>Part of the number</source>
        <translation>Часть номера</translation>
    </message>
</context>
<context>
    <name>JournalDialog</name>
    <message>
        <source>Journal of requests for an inspector</source>
        <translation>Журнал обращений для проверяющего</translation>
    </message>
    <message>
        <source>Received from – to:</source>
        <translation>Получены с – по:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Формат:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Язык:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>Все операторы</translation>
    </message>
    <message>
        <source>Include the operator&apos;s own notices (breach, transfer)</source>
        <translation>Включить собственные уведомления оператора (нарушение, передача)</translation>
    </message>
    <message>
        <source>Open the file when it is written</source>
        <translation>Открыть файл после сохранения</translation>
    </message>
    <message>
        <source>Every request received in the period: received, type, subject, deadlines, answered, outcome. The file holds people&apos;s names: hand it over only to the inspector.</source>
        <translation>Все обращения, полученные за период: дата получения, вид, субъект, сроки, дата ответа, результат. В файле есть имена людей: передавайте его только проверяющему.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Выгрузить…</translation>
    </message>
    <message>
        <source>Save the journal as</source>
        <translation>Сохранить журнал как</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>Конец периода раньше его начала.</translation>
    </message>
    <message>
        <source>The journal was not written.</source>
        <translation>Журнал не сохранён.</translation>
    </message>
</context>
<context>
    <name>LetterDialog</name>
    <message>
        <source>Make a letter</source>
        <translation>Подготовить письмо</translation>
    </message>
    <message>
        <source>Open it</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Print it</source>
        <translation>Напечатать</translation>
    </message>
    <message>
        <source>Letter:</source>
        <translation>Письмо:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Язык:</translation>
    </message>
    <message>
        <source>Signed by:</source>
        <translation>Подписывает:</translation>
    </message>
    <message>
        <source>Then:</source>
        <translation>Затем:</translation>
    </message>
    <message>
        <source>The letter is saved with the request as a PDF file.</source>
        <translation>Письмо сохраняется в обращении как файл PDF.</translation>
    </message>
    <message>
        <source>Correct the template in “Letter templates…”.</source>
        <translation>Исправьте шаблон в «Шаблоны писем…».</translation>
    </message>
</context>
<context>
    <name>LetterTemplates</name>
    <message>
        <source>A brace { or } that does not open or close a field. To print a brace itself, type it twice.</source>
        <translation>Фигурная скобка { или }, которая не открывает и не закрывает поле. Чтобы напечатать саму скобку, введите её дважды.</translation>
    </message>
    <message>
        <source>An empty field {}: write the field&apos;s name inside the braces.</source>
        <translation>Пустое поле {}: впишите в скобки название поля.</translation>
    </message>
    <message>
        <source>The field {%1} uses . or [ ]: only plain field names are allowed.</source>
        <translation>В поле {%1} есть . или [ ]: допускаются только простые названия полей.</translation>
    </message>
    <message>
        <source>The field {%1} has ! or : in it: write just the field&apos;s name.</source>
        <translation>В поле {%1} есть ! или :, укажите только название поля.</translation>
    </message>
    <message>
        <source>Unknown field {%1}: use one of the fields listed on the right.</source>
        <translation>Неизвестное поле {%1}: используйте поля из списка справа.</translation>
    </message>
    <message>
        <source>This letter must contain the field {%1}.</source>
        <translation>Это письмо должно содержать поле {%1}.</translation>
    </message>
    <message>
        <source>The text is too long.</source>
        <translation>Текст слишком длинный.</translation>
    </message>
    <message>
        <source>The letter&apos;s text is empty.</source>
        <translation>Текст письма пуст.</translation>
    </message>
    <message>
        <source>(line %1, column %2)</source>
        <translation>(строка %1, позиция %2)</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>PDP Desk is locked. Enter the password to go on working: everything stays as you left it.</source>
        <translation>PDP Desk заблокирован. Введите пароль, чтобы продолжить работу: всё останется так, как вы оставили.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Разблокировать</translation>
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
        <translation>&amp;Импорт с сайта…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>Set up operators and staff…</source>
        <translation>Операторы и сотрудники…</translation>
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
        <translation>Объединение дубликатов</translation>
    </message>
    <message>
        <source>Find the other card of the same person (by the phone or e-mail they share). Its data, orders, consents and requests move to “%1”; the other card is removed. The merge is recorded in the journal.</source>
        <translation>Найдите другую карточку того же человека (по общему телефону или e-mail). Её данные, заказы, согласия и обращения перейдут в «%1», а другая карточка будет удалена. Объединение записывается в журнал.</translation>
    </message>
    <message>
        <source>Phone, e-mail, IIN or name</source>
        <translation>Телефон, e-mail, ИИН или имя</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Найти</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Объединить</translation>
    </message>
    <message>
        <source>The search failed</source>
        <translation>Поиск не удался</translation>
    </message>
    <message>
        <source>Nobody else matches.</source>
        <translation>Больше никто не найден.</translation>
    </message>
    <message>
        <source>The subjects were not merged</source>
        <translation>Субъекты не объединены</translation>
    </message>
    <message>
        <source>Choose two different people to merge.</source>
        <translation>Для объединения выберите двух разных людей.</translation>
    </message>
    <message>
        <source>One of the two people is no longer in the register.</source>
        <translation>Одного из двух людей больше нет в реестре.</translation>
    </message>
    <message>
        <source>The data of one of the two people has been destroyed.</source>
        <translation>Данные одного из двух людей уничтожены.</translation>
    </message>
    <message>
        <source>These two people share no phone number and no e-mail address: nothing shows they are the same person, so they are not merged.</source>
        <translation>У этих двух людей нет общего телефона или e-mail: ничто не говорит о том, что это один человек, поэтому они не объединены.</translation>
    </message>
    <message>
        <source>These two people have different IINs: they are not the same person.</source>
        <translation>У этих двух людей разные ИИН: это не один и тот же человек.</translation>
    </message>
</context>
<context>
    <name>MomentDialog</name>
    <message>
        <source>Add files…</source>
        <translation>Добавить файлы…</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>Файлы:</translation>
    </message>
    <message>
        <source>This moment is in the future.</source>
        <translation>Это время ещё не наступило.</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Прикрепить файлы</translation>
    </message>
    <message>
        <source>The file “%1” is %2; files up to %3 can be attached.</source>
        <translation>Размер файла «%1» — %2; можно прикрепить файлы до %3.</translation>
    </message>
    <message>
        <source>The file “%1” cannot be read.</source>
        <translation>Файл «%1» не удаётся прочитать.</translation>
    </message>
</context>
<context>
    <name>Morning</name>
    <message>
        <source>Overdue: %1</source>
        <translation>Просрочено: %1</translation>
    </message>
    <message>
        <source>Due today: %1</source>
        <translation>Срок сегодня: %1</translation>
    </message>
    <message>
        <source>Due within 2 working days: %1</source>
        <translation>В ближайшие 2 раб. дня: %1</translation>
    </message>
    <message>
        <source>Requests need attention</source>
        <translation>Обращения требуют внимания</translation>
    </message>
</context>
<context>
    <name>NetworkWarning</name>
    <message>
        <source>The database %1 is on a network drive.</source>
        <translation>База данных %1 находится на сетевом диске.</translation>
    </message>
    <message>
        <source>SQLite, which keeps PDP Desk&apos;s data, is not safe on a network drive: if two PCs open the file at once, or the network drops while saving, the database can be damaged.

Keep the database on this PC&apos;s own disk (File → Open database… to use another file). To share the register between PCs, use synchronisation, not a shared file.</source>
        <translation>SQLite, в котором PDP Desk хранит данные, ненадёжен на сетевом диске: если файл откроют два компьютера сразу или сеть оборвётся во время сохранения, база данных может повредиться.

Храните базу на собственном диске этого компьютера (Файл → Открыть базу данных…, чтобы выбрать другой файл). Чтобы вести реестр на нескольких компьютерах, используйте синхронизацию, а не общий файл.</translation>
    </message>
    <message>
        <source>Database on a network drive</source>
        <translation>База данных на сетевом диске</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Give the reasons: the law asks for a reasoned refusal.</source>
        <translation>Укажите причины: закон требует мотивированного отказа.</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Backup passphrase</source>
        <translation>Парольная фраза резервных копий</translation>
    </message>
    <message>
        <source>A backup can only be opened with this passphrase, and nobody can recover it: not the developers, not PDP Desk. Write it down and keep it somewhere safe, away from the PC. Sync between the shop&apos;s PCs uses the same passphrase.</source>
        <translation>Резервную копию можно открыть только с этой парольной фразой, и восстановить её не сможет никто — ни разработчики, ни PDP Desk. Запишите её и храните в надёжном месте отдельно от компьютера. Синхронизация между компьютерами магазина использует ту же фразу.</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Парольная фраза:</translation>
    </message>
    <message>
        <source>Once more:</source>
        <translation>Ещё раз:</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Фразы не совпадают.</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <source>This installation cannot show PDF files: open the act in the system&apos;s viewer instead.</source>
        <translation>Эта установка не умеет показывать PDF: откройте акт в программе просмотра системы.</translation>
    </message>
    <message>
        <source>Only the first %1 pages are shown here: open the act to see all of it.</source>
        <translation>Здесь показаны только первые %1 стр.: откройте акт, чтобы увидеть его целиком.</translation>
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
        <translation>Не удалось прочитать редакции</translation>
    </message>
    <message>
        <source>Privacy policy, version %1</source>
        <translation>Политика конфиденциальности, редакция %1</translation>
    </message>
    <message>
        <source>Privacy policy text</source>
        <translation>Текст политики конфиденциальности</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Текстовые файлы (*.txt);;Все файлы (*)</translation>
    </message>
    <message>
        <source>%1 cannot be read as a text file.</source>
        <translation>Файл %1 не читается как текстовый.</translation>
    </message>
    <message>
        <source>Policy versions</source>
        <translation>Редакции политики</translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation>Политика конфиденциальности</translation>
    </message>
    <message>
        <source>Every version of the policy is kept whole with its fingerprint, so each consent can be shown with the text in force when it was given. ✓ marks the version in force today.</source>
        <translation>Каждая редакция политики хранится целиком вместе с отпечатком, чтобы каждое согласие можно было показать с текстом, действовавшим в момент его дачи. ✓ — редакция, действующая сегодня.</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Редакция</translation>
    </message>
    <message>
        <source>In force from</source>
        <translation>Действует с</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Fingerprint (SHA-256)</source>
        <translation>Отпечаток (SHA-256)</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Добавлена</translation>
    </message>
    <message>
        <source>Show the text…</source>
        <translation>Показать текст…</translation>
    </message>
    <message>
        <source>Add a version from a file…</source>
        <translation>Добавить редакцию из файла…</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>4. Preview of the act</source>
        <translation>4. Предварительный просмотр акта</translation>
    </message>
    <message>
        <source>The act as it will print (a draft: it gets its number when the data is destroyed). Go back to change anything.</source>
        <translation>Акт в том виде, в каком он будет напечатан (черновик: номер присваивается при уничтожении данных). Чтобы что-то изменить, вернитесь назад.</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Print preview: %1</source>
        <translation>Предварительный просмотр: %1</translation>
    </message>
</context>
<context>
    <name>PurposeRow</name>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
</context>
<context>
    <name>RecordConsentDialog</name>
    <message>
        <source>Record a consent given</source>
        <translation>Регистрация согласия</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>Человек:</translation>
    </message>
    <message>
        <source>Purpose:</source>
        <translation>Цель:</translation>
    </message>
    <message>
        <source>Given on:</source>
        <translation>Дата и время:</translation>
    </message>
    <message>
        <source>How it was given:</source>
        <translation>Способ:</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>Подтверждение:</translation>
    </message>
    <message>
        <source>Policy version:</source>
        <translation>Редакция политики:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Срок действия:</translation>
    </message>
    <message>
        <source>Data categories:</source>
        <translation>Категории данных:</translation>
    </message>
    <message>
        <source>Third parties:</source>
        <translation>Третьи лица:</translation>
    </message>
    <message>
        <source>Cross-border:</source>
        <translation>Трансграничная передача:</translation>
    </message>
    <message>
        <source>Public sources:</source>
        <translation>Общедоступные источники:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>the form on the website, the signed paper, the recorded call …</source>
        <translation>форма на сайте, подписанный бланк, запись звонка …</translation>
    </message>
    <message>
        <source>the version in force on that day</source>
        <translation>редакция, действовавшая в тот день</translation>
    </message>
    <message>
        <source>the person&apos;s operator</source>
        <translation>оператор человека</translation>
    </message>
    <message>
        <source>for a limited time, until</source>
        <translation>ограничено, до</translation>
    </message>
    <message>
        <source>may be passed to third parties</source>
        <translation>можно передавать третьим лицам</translation>
    </message>
    <message>
        <source>may be transferred abroad</source>
        <translation>можно передавать за рубеж</translation>
    </message>
    <message>
        <source>may be published in public sources</source>
        <translation>можно размещать в общедоступных источниках</translation>
    </message>
    <message>
        <source>The consent was not recorded</source>
        <translation>Согласие не зарегистрировано</translation>
    </message>
</context>
<context>
    <name>RegisterErrors</name>
    <message>
        <source>This is too long for a phone number.</source>
        <translation>Слишком длинно для номера телефона.</translation>
    </message>
    <message>
        <source>Enter a phone number.</source>
        <translation>Введите номер телефона.</translation>
    </message>
    <message>
        <source>A phone number holds digits, an optional leading +, spaces, hyphens and brackets only.</source>
        <translation>Номер телефона может содержать только цифры, + в начале, пробелы, дефисы и скобки.</translation>
    </message>
    <message>
        <source>Not a Kazakhstan number: Kazakhstan numbers start with +7 7.</source>
        <translation>Это не казахстанский номер: казахстанские номера начинаются с +7 7.</translation>
    </message>
    <message>
        <source>A Kazakhstan number has ten digits after +7 or 8 (e.g. +7 701 123 45 67).</source>
        <translation>В казахстанском номере десять цифр после +7 или 8 (например, +7 701 123 45 67).</translation>
    </message>
    <message>
        <source>This e-mail address is too long.</source>
        <translation>Адрес электронной почты слишком длинный.</translation>
    </message>
    <message>
        <source>Enter an e-mail address.</source>
        <translation>Введите адрес электронной почты.</translation>
    </message>
    <message>
        <source>This is not a valid e-mail address.</source>
        <translation>Это неправильный адрес электронной почты.</translation>
    </message>
    <message>
        <source>Enter the IIN.</source>
        <translation>Введите ИИН.</translation>
    </message>
    <message>
        <source>An IIN has 12 digits.</source>
        <translation>В ИИН 12 цифр.</translation>
    </message>
    <message>
        <source>The 7th digit of an IIN (century and sex) is 1 to 6.</source>
        <translation>7-я цифра ИИН (век и пол) — от 1 до 6.</translation>
    </message>
    <message>
        <source>No IIN is ever issued with these first 11 digits.</source>
        <translation>ИИН с такими первыми 11 цифрами не выдаётся.</translation>
    </message>
    <message>
        <source>The check digit of this IIN is wrong (a typing error?).</source>
        <translation>Неверная контрольная цифра ИИН (опечатка?).</translation>
    </message>
    <message>
        <source>Choose the category of the subject.</source>
        <translation>Выберите категорию субъекта.</translation>
    </message>
    <message>
        <source>This is too long.</source>
        <translation>Слишком длинно.</translation>
    </message>
    <message>
        <source>Give at least a name, a phone number, an e-mail or an IIN.</source>
        <translation>Укажите хотя бы имя, телефон, e-mail или ИИН.</translation>
    </message>
    <message>
        <source>There is no such subject (it may have been destroyed).</source>
        <translation>Такого субъекта нет (возможно, его данные уничтожены).</translation>
    </message>
    <message>
        <source>Another person in the register has this; open their card instead.</source>
        <translation>Это уже есть у другого человека в реестре; откройте его карточку.</translation>
    </message>
    <message>
        <source>There is no such operator.</source>
        <translation>Такого оператора нет.</translation>
    </message>
    <message>
        <source>Choose one of the purposes of the policy.</source>
        <translation>Выберите одну из целей политики.</translation>
    </message>
    <message>
        <source>Choose the purposes the consent is withdrawn for.</source>
        <translation>Выберите цели, для которых согласие отзывается.</translation>
    </message>
    <message>
        <source>There is no consent in force for this purpose: nothing to withdraw.</source>
        <translation>Для этой цели нет действующего согласия: отзывать нечего.</translation>
    </message>
    <message>
        <source>Choose how it came.</source>
        <translation>Выберите, как оно поступило.</translation>
    </message>
    <message>
        <source>Say how the consent can be proven (the form, the signed paper, the recorded call …).</source>
        <translation>Укажите, чем подтверждается согласие (форма, подписанный бланк, запись звонка …).</translation>
    </message>
    <message>
        <source>The evidence is longer than 500 characters.</source>
        <translation>Подтверждение длиннее 500 символов.</translation>
    </message>
    <message>
        <source>There is no such version of the policy.</source>
        <translation>Такой редакции политики нет.</translation>
    </message>
    <message>
        <source>No version of the policy was in force on that day: choose one.</source>
        <translation>В тот день не действовала ни одна редакция политики: выберите редакцию.</translation>
    </message>
    <message>
        <source>The consent cannot end before it was given.</source>
        <translation>Срок согласия не может закончиться раньше, чем оно дано.</translation>
    </message>
    <message>
        <source>The term must be a calendar date.</source>
        <translation>Срок должен быть календарной датой.</translation>
    </message>
    <message>
        <source>Unknown data category.</source>
        <translation>Неизвестная категория данных.</translation>
    </message>
    <message>
        <source>Give the date and time.</source>
        <translation>Укажите дату и время.</translation>
    </message>
    <message>
        <source>The time is in the future. Check the date, and the PC&apos;s clock.</source>
        <translation>Время в будущем. Проверьте дату и часы компьютера.</translation>
    </message>
    <message>
        <source>The date is before 2000.</source>
        <translation>Дата раньше 2000 года.</translation>
    </message>
    <message>
        <source>The consent cannot be withdrawn before it was given.</source>
        <translation>Согласие нельзя отозвать раньше, чем оно было дано.</translation>
    </message>
</context>
<context>
    <name>RegisterLabels</name>
    <message>
        <source>Active</source>
        <translation>Активен</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Заблокирован</translation>
    </message>
    <message>
        <source>Destroyed</source>
        <translation>Уничтожен</translation>
    </message>
    <message>
        <source>Website use</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>Маркетинг</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Доставка</translation>
    </message>
    <message>
        <source>W</source>
        <translation>С</translation>
    </message>
    <message>
        <source>M</source>
        <translation>М</translation>
    </message>
    <message>
        <source>D</source>
        <translation>Д</translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation>Согласие дано</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Отозвано</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Истекло</translation>
    </message>
    <message>
        <source>No consent</source>
        <translation>Нет согласия</translation>
    </message>
    <message>
        <source>Unregistered</source>
        <translation>Незарегистрированный</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Зарегистрированный</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Получатель</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>No date: a consent without a term is in force.</source>
        <translation>Даты нет: действует бессрочное согласие.</translation>
    </message>
    <message>
        <source>Due for destruction since %1.</source>
        <translation>Подлежит уничтожению с %1.</translation>
    </message>
    <message>
        <source>To be destroyed on %1 unless a purpose justifies the data longer.</source>
        <translation>Подлежит уничтожению %1, если ни одна цель не оправдает более долгое хранение.</translation>
    </message>
    <message>
        <source>Destroyed: only the id is kept.</source>
        <translation>Уничтожен: хранится только идентификатор.</translation>
    </message>
    <message>
        <source>Register № %1</source>
        <translation>Реестровый № %1</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Категория</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>E-mails</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Согласия</translation>
    </message>
    <message>
        <source>Destruction date</source>
        <translation>Дата уничтожения</translation>
    </message>
</context>
<context>
    <name>RegisterTab</name>
    <message>
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln subject(s)</source>
        <translation>
            <numerusform>%Ln субъект</numerusform>
            <numerusform>%Ln субъекта</numerusform>
            <numerusform>%Ln субъектов</numerusform>
        </translation>
    </message>
    <message>
        <source>The register could not be read</source>
        <translation>Не удалось прочитать реестр</translation>
    </message>
    <message>
        <source>Find: phone in any spelling, e-mail, IIN or part of a name</source>
        <translation>Поиск: телефон в любом написании, e-mail, ИИН или часть имени</translation>
    </message>
    <message>
        <source>New subject…</source>
        <translation>Новый субъект…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>Сортировка:</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Все категории</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Любой статус</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>Все операторы</translation>
    </message>
    <message>
        <source>Any purpose</source>
        <translation>Любая цель</translation>
    </message>
    <message>
        <source>Any consent</source>
        <translation>Любое согласие</translation>
    </message>
    <message>
        <source>due for destruction</source>
        <translation>подлежат уничтожению</translation>
    </message>
    <message>
        <source>name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>date added</source>
        <translation>дата добавления</translation>
    </message>
    <message>
        <source>destruction date</source>
        <translation>дата уничтожения</translation>
    </message>
    <message>
        <source>Go to row:</source>
        <translation>Перейти к строке:</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Перейти</translation>
    </message>
    <message>
        <source>Open card</source>
        <translation>Открыть карточку</translation>
    </message>
    <message>
        <source>Consents: %1.   ✓ given   ✗ withdrawn   ◷ expired   – none</source>
        <translation>Согласия: %1.   ✓ дано   ✗ отозвано   ◷ истекло   – нет</translation>
    </message>
</context>
<context>
    <name>RequestDetailDialog</name>
    <message>
        <source>Request %1</source>
        <translation>Обращение %1</translation>
    </message>
    <message>
        <source>Documents received: %1</source>
        <translation>Документы получены: %1</translation>
    </message>
    <message>
        <source>Unlawful processing confirmed: %1</source>
        <translation>Незаконная обработка подтверждена: %1</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>заблокирован</translation>
    </message>
    <message>
        <source>(data destroyed)</source>
        <translation>(данные уничтожены)</translation>
    </message>
    <message>
        <source>IIN %1</source>
        <translation>ИИН %1</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Отказано: %1</translation>
    </message>
    <message>
        <source>Answered %1</source>
        <translation>Ответ дан %1</translation>
    </message>
    <message>
        <source>Closed %1</source>
        <translation>Закрыто %1</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>срок %1</translation>
    </message>
    <message>
        <source>This request runs no clock.</source>
        <translation>У этого обращения нет сроков.</translation>
    </message>
    <message>
        <source>Letter made</source>
        <translation>Подготовлено письмо</translation>
    </message>
    <message>
        <source>answer:</source>
        <translation>ответ:</translation>
    </message>
    <message>
        <source>action:</source>
        <translation>действие:</translation>
    </message>
    <message>
        <source>This was not done.</source>
        <translation>Действие не выполнено.</translation>
    </message>
    <message>
        <source>Identity checked</source>
        <translation>Личность проверена</translation>
    </message>
    <message>
        <source>How it was checked:</source>
        <translation>Как проверено:</translation>
    </message>
    <message>
        <source>For example: identity card shown; signed with an electronic signature; the power of attorney checked.</source>
        <translation>Например: предъявлено удостоверение личности; подписано ЭЦП; проверена доверенность.</translation>
    </message>
    <message>
        <source>Answer given</source>
        <translation>Ответ дан</translation>
    </message>
    <message>
        <source>Note (optional):</source>
        <translation>Примечание (необязательно):</translation>
    </message>
    <message>
        <source>Record that the answer was sent. Make the letter with “Make a letter…” and keep it with the request.</source>
        <translation>Отметьте, что ответ отправлен. Письмо можно подготовить кнопкой «Подготовить письмо…», оно сохранится в обращении.</translation>
    </message>
    <message>
        <source>Refuse with reasons</source>
        <translation>Мотивированный отказ</translation>
    </message>
    <message>
        <source>Reasons:</source>
        <translation>Причины:</translation>
    </message>
    <message>
        <source>The reasons go into the refusal letter as they are written here.</source>
        <translation>Причины попадут в письмо об отказе в том виде, как написаны здесь.</translation>
    </message>
    <message>
        <source>The request was not closed.</source>
        <translation>Обращение не закрыто.</translation>
    </message>
    <message>
        <source>Documents received</source>
        <translation>Получены документы</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Получено:</translation>
    </message>
    <message>
        <source>Confirm unlawful processing</source>
        <translation>Подтверждение незаконной обработки</translation>
    </message>
    <message>
        <source>Confirmed:</source>
        <translation>Подтверждено:</translation>
    </message>
    <message>
        <source>Action done</source>
        <translation>Действие выполнено</translation>
    </message>
    <message>
        <source>What was done:</source>
        <translation>Что сделано:</translation>
    </message>
    <message>
        <source>The file cannot be opened.</source>
        <translation>Файл не удаётся открыть.</translation>
    </message>
    <message>
        <source>Save the file</source>
        <translation>Сохранить файл</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Не сохранено</translation>
    </message>
    <message>
        <source>The file could not be written: %1</source>
        <translation>Не удалось записать файл: %1</translation>
    </message>
    <message>
        <source>The letter could not be printed.</source>
        <translation>Письмо не удалось напечатать.</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Прикрепить файлы</translation>
    </message>
    <message>
        <source>The files were not attached.</source>
        <translation>Файлы не прикреплены.</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Канал:</translation>
    </message>
    <message>
        <source>Who asks:</source>
        <translation>Заявитель:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Responsible:</source>
        <translation>Ответственный:</translation>
    </message>
    <message>
        <source>Answer to:</source>
        <translation>Куда ответить:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Субъект:</translation>
    </message>
    <message>
        <source>Contacts:</source>
        <translation>Контакты:</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>Результат:</translation>
    </message>
    <message>
        <source>The request</source>
        <translation>Обращение</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>Deadlines (working days)</source>
        <translation>Сроки (в рабочих днях)</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Ход обращения</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлы</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Добавлен</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Сохранить как…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Печать…</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Добавить файлы…</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Следующий шаг</translation>
    </message>
    <message>
        <source>Identity checked…</source>
        <translation>Личность проверена…</translation>
    </message>
    <message>
        <source>Take into work</source>
        <translation>Взять в работу</translation>
    </message>
    <message>
        <source>Answer given…</source>
        <translation>Ответ дан…</translation>
    </message>
    <message>
        <source>Refuse with reasons…</source>
        <translation>Отказать с указанием причин…</translation>
    </message>
    <message>
        <source>Close the request</source>
        <translation>Закрыть обращение</translation>
    </message>
    <message>
        <source>What the law asks for</source>
        <translation>Что требует закон</translation>
    </message>
    <message>
        <source>Documents received…</source>
        <translation>Получены документы…</translation>
    </message>
    <message>
        <source>Confirm unlawful processing…</source>
        <translation>Подтвердить незаконную обработку…</translation>
    </message>
    <message>
        <source>Correct the data…</source>
        <translation>Исправить данные…</translation>
    </message>
    <message>
        <source>Block the data</source>
        <translation>Заблокировать данные</translation>
    </message>
    <message>
        <source>Unblock the data</source>
        <translation>Разблокировать данные</translation>
    </message>
    <message>
        <source>Queue for destruction…</source>
        <translation>В очередь на уничтожение…</translation>
    </message>
    <message>
        <source>Consent withdrawn…</source>
        <translation>Отзыв согласия…</translation>
    </message>
    <message>
        <source>Action done…</source>
        <translation>Действие выполнено…</translation>
    </message>
    <message>
        <source>Letters</source>
        <translation>Письма</translation>
    </message>
    <message>
        <source>Make a letter…</source>
        <translation>Подготовить письмо…</translation>
    </message>
    <message>
        <source>Letter templates…</source>
        <translation>Шаблоны писем…</translation>
    </message>
</context>
<context>
    <name>RequestForm</name>
    <message>
        <source>New request</source>
        <translation>Новое обращение</translation>
    </message>
    <message>
        <source>The request</source>
        <translation>Обращение</translation>
    </message>
    <message>
        <source>Who asks</source>
        <translation>Кто обращается</translation>
    </message>
    <message>
        <source>Whom it is about</source>
        <translation>О ком обращение</translation>
    </message>
    <message>
        <source>Text of the request</source>
        <translation>Текст обращения</translation>
    </message>
    <message>
        <source>Files (scans, letters)</source>
        <translation>Файлы (сканы, письма)</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Канал:</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Получено:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Responsible:</source>
        <translation>Ответственный:</translation>
    </message>
    <message>
        <source>Answer to:</source>
        <translation>Куда ответить:</translation>
    </message>
    <message>
        <source>Language of the answer:</source>
        <translation>Язык ответа:</translation>
    </message>
    <message>
        <source>Representative:</source>
        <translation>Представитель:</translation>
    </message>
    <message>
        <source>Authority document:</source>
        <translation>Документ о полномочиях:</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>ФИО:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Телефон:</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>Эл. почта:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Категория:</translation>
    </message>
    <message>
        <source>When the request reached the shop, in Kazakhstan time: the deadline is counted from this day.</source>
        <translation>Когда обращение поступило, по времени Казахстана: срок отсчитывается от этого дня.</translation>
    </message>
    <message>
        <source>E-mail or postal address for the answer</source>
        <translation>Эл. почта или почтовый адрес для ответа</translation>
    </message>
    <message>
        <source>e.g. power of attorney No. 15 of 02.03.2026</source>
        <translation>напр. доверенность № 15 от 02.03.2026</translation>
    </message>
    <message>
        <source>The subject in person</source>
        <translation>Сам субъект</translation>
    </message>
    <message>
        <source>A representative</source>
        <translation>Представитель</translation>
    </message>
    <message>
        <source>Find in the register</source>
        <translation>Найти в реестре</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>Новый человек</translation>
    </message>
    <message>
        <source>Name, phone, e-mail or IIN</source>
        <translation>ФИО, телефон, эл. почта или ИИН</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Добавить файлы…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Up to %1 per file.</source>
        <translation>Не более %1 на файл.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>The supporting documents came with the request</source>
        <translation>Подтверждающие документы приложены к обращению</translation>
    </message>
    <message>
        <source>The 1-working-day clock of a correction starts when the documents are in hand. If they come later, record them in the request.</source>
        <translation>Срок исправления (1 рабочий день) отсчитывается с получения документов. Если документы придут позже, отметьте их в обращении.</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(без имени)</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>заблокирован</translation>
    </message>
    <message>
        <source>Nobody found. Check the spelling, or enter a new person.</source>
        <translation>Никого не найдено. Проверьте написание или введите нового человека.</translation>
    </message>
    <message>
        <source>Showing the first %1: type more to narrow the search.</source>
        <translation>Показаны первые %1: уточните запрос.</translation>
    </message>
    <message numerus="yes">
        <source>%n found</source>
        <translation>
            <numerusform>Найден %n</numerusform>
            <numerusform>Найдено %n</numerusform>
            <numerusform>Найдено %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Прикрепить файлы</translation>
    </message>
    <message>
        <source>The file “%1” is %2; files up to %3 can be attached. Attach a smaller file (for example a scan in a lower resolution).</source>
        <translation>Размер файла «%1» — %2; можно прикрепить файлы до %3. Прикрепите файл поменьше (например, скан в меньшем разрешении).</translation>
    </message>
    <message>
        <source>The file “%1” cannot be read.</source>
        <translation>Файл «%1» не удаётся прочитать.</translation>
    </message>
    <message>
        <source>This moment is in the future. Give the date and time the request actually reached the shop (and check the PC&apos;s clock).</source>
        <translation>Это время ещё не наступило. Укажите дату и время, когда обращение действительно поступило (и проверьте часы компьютера).</translation>
    </message>
    <message>
        <source>Choose the operator the request is addressed to.</source>
        <translation>Выберите оператора, которому адресовано обращение.</translation>
    </message>
    <message>
        <source>Choose the person from the list, or enter a new person.</source>
        <translation>Выберите человека из списка или введите нового.</translation>
    </message>
    <message>
        <source>The request was not registered.</source>
        <translation>Обращение не зарегистрировано.</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore a backup</source>
        <translation>Восстановление из резервной копии</translation>
    </message>
    <message>
        <source>The database will be replaced by the backup of %1 (%2).

Everything entered since then is lost, except destructions: every destruction recorded since the backup was made is applied to it again, with its act and journal entries, so destroyed data does not come back.

The database as it is now is kept first, sealed with the passphrase, in the backups folder. The window closes the database meanwhile and opens it again when done.</source>
        <translation>База данных будет заменена резервной копией от %1 (%2).

Всё, что было внесено после этого, будет потеряно, кроме уничтожений: каждое уничтожение, выполненное после создания копии, будет применено к ней повторно вместе с актом и записями журнала, поэтому уничтоженные данные не вернутся.

Текущая база данных сначала будет сохранена в папке резервных копий, зашифрованная парольной фразой. На время восстановления окно закроет базу данных и откроет её снова по окончании.</translation>
    </message>
    <message>
        <source>Passphrase of the backup:</source>
        <translation>Парольная фраза резервной копии:</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановить</translation>
    </message>
</context>
<context>
    <name>RestoreFlow</name>
    <message>
        <source>Restoring the backup</source>
        <translation>Восстановление из резервной копии</translation>
    </message>
    <message>
        <source>Checking the backup and re-applying the destructions recorded since it was made…</source>
        <translation>Проверка резервной копии и повторное применение уничтожений, выполненных после её создания…</translation>
    </message>
    <message>
        <source>The backup of %1 is restored. Destroyed subjects removed again: %2; acts added back: %3. The database as it was before is kept, sealed, as %4.</source>
        <translation>Резервная копия от %1 восстановлена. Повторно удалено уничтоженных субъектов: %2; возвращено актов: %3. Прежняя база данных сохранена в зашифрованном виде: %4.</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>Восстановлено</translation>
    </message>
    <message>
        <source>Not restored</source>
        <translation>Не восстановлено</translation>
    </message>
</context>
<context>
    <name>RetentionSection</name>
    <message>
        <source>The retention rules could not be read</source>
        <translation>Не удалось прочитать правила хранения</translation>
    </message>
    <message>
        <source>Nothing to save: the rules are as they were.</source>
        <translation>Нечего сохранять: правила не изменились.</translation>
    </message>
    <message>
        <source>The retention rules were not saved</source>
        <translation>Правила хранения не сохранены</translation>
    </message>
    <message>
        <source>Saved. The dates of destruction follow the new rules.</source>
        <translation>Сохранено. Даты уничтожения теперь считаются по новым правилам.</translation>
    </message>
    <message>
        <source>Give the retention term in days.</source>
        <translation>Укажите срок хранения в днях.</translation>
    </message>
    <message>
        <source>The term must be 1 to 36,500 days.</source>
        <translation>Срок должен быть от 1 до 36 500 дней.</translation>
    </message>
    <message>
        <source>“Until withdrawn” has no term in days.</source>
        <translation>У правила «до отзыва» нет срока в днях.</translation>
    </message>
    <message>
        <source>Choose a retention rule.</source>
        <translation>Выберите правило хранения.</translation>
    </message>
    <message>
        <source>This purpose is no longer in the catalogue.</source>
        <translation>Этой цели больше нет в перечне.</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Сроки хранения</translation>
    </message>
    <message>
        <source>Saving the retention rules…</source>
        <translation>Сохранение правил хранения…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Cancelling: the rules stay as they were…</source>
        <translation>Отмена: правила останутся прежними…</translation>
    </message>
    <message>
        <source>%1: recomputing the destruction dates, %2 of %3 consents…</source>
        <translation>%1: пересчёт дат уничтожения, %2 из %3 согласий…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was saved, the rules are as they were.</source>
        <translation>Отменено: ничего не сохранено, правила прежние.</translation>
    </message>
    <message>
        <source>Retention of data</source>
        <translation>Сроки хранения данных</translation>
    </message>
    <message>
        <source>How long the data collected for each purpose of the policy is kept. The policy says “as long as necessary”; these terms are the operator&apos;s choice. When no purpose justifies a subject&apos;s data any more, the subject is listed for destruction.</source>
        <translation>Сколько хранятся данные, собранные для каждой цели политики. В политике сказано «столько, сколько необходимо»; эти сроки выбирает оператор. Когда ни одна цель больше не оправдывает хранение данных субъекта, он попадает в список на уничтожение.</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Цель</translation>
    </message>
    <message>
        <source>Policy section</source>
        <translation>Раздел политики</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Хранятся</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Дней</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Отменить изменения</translation>
    </message>
    <message>
        <source>until the consent is withdrawn</source>
        <translation>до отзыва согласия</translation>
    </message>
    <message>
        <source>days after the consent was given</source>
        <translation>дней после дачи согласия</translation>
    </message>
    <message>
        <source>days after the last order</source>
        <translation>дней после последнего заказа</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>%1: the data is already destroyed (act № %2): go back and uncheck this person.</source>
        <translation>%1: данные уже уничтожены (акт № %2): вернитесь назад и снимите отметку с этого лица.</translation>
    </message>
    <message>
        <source>%1 is no longer in the register: go back and uncheck this person.</source>
        <translation>%1 больше нет в реестре: вернитесь назад и снимите отметку с этого лица.</translation>
    </message>
    <message>
        <source>%1 is excluded: write the reasoned refusal (an open obligation, a legal hold …).</source>
        <translation>%1 исключён(а): укажите мотивированный отказ (неисполненное обязательство, требование закона о хранении …).</translation>
    </message>
    <message>
        <source>Everyone is excluded: there is nothing to destroy.</source>
        <translation>Исключены все: уничтожать нечего.</translation>
    </message>
    <message>
        <source>2. Review</source>
        <translation>2. Проверка</translation>
    </message>
    <message>
        <source>Check what is destroyed for each person. What another law requires to keep (order amounts for accounting) is kept without anything that identifies the person. A person can be excluded with a reasoned refusal, which is recorded.</source>
        <translation>Проверьте, что уничтожается по каждому лицу. То, что другой закон требует хранить (суммы заказов для бухгалтерского учёта), сохраняется без сведений, позволяющих определить лицо. Лицо можно исключить с мотивированным отказом; отказ фиксируется.</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
    <message>
        <source>Data to destroy</source>
        <translation>Уничтожаемые данные</translation>
    </message>
    <message>
        <source>Kept by law</source>
        <translation>Сохраняется по закону</translation>
    </message>
    <message>
        <source>Open requests, warnings</source>
        <translation>Обращения, предупреждения</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>Исключить</translation>
    </message>
    <message>
        <source>Reasoned refusal</source>
        <translation>Мотивированный отказ</translation>
    </message>
    <message>
        <source>Paper sheets</source>
        <translation>Листов бумаги</translation>
    </message>
    <message>
        <source>Paper media: the number of sheets shredded for each person (0 when there is no paper).</source>
        <translation>Бумажные носители: число листов, уничтожаемых шредером по каждому лицу (0, если бумаги нет).</translation>
    </message>
    <message>
        <source>(no data)</source>
        <translation>(нет данных)</translation>
    </message>
    <message>
        <source>%1 order(s) for accounting</source>
        <translation>заказов для бухучёта: %1</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>ничего</translation>
    </message>
    <message>
        <source>Already destroyed (act № %1)</source>
        <translation>Уже уничтожено (акт № %1)</translation>
    </message>
    <message>
        <source>No longer in the register</source>
        <translation>Больше нет в реестре</translation>
    </message>
    <message>
        <source>The data is blocked</source>
        <translation>Данные заблокированы</translation>
    </message>
    <message>
        <source>Open request</source>
        <translation>Открытое обращение</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>срок %1</translation>
    </message>
</context>
<context>
    <name>SecuritySection</name>
    <message>
        <source>Security</source>
        <translation>Безопасность</translation>
    </message>
    <message>
        <source>The password must have at least %1 characters.</source>
        <translation>Пароль должен содержать не меньше %1 символов.</translation>
    </message>
    <message>
        <source>The password may have at most %1 characters.</source>
        <translation>Пароль может содержать не больше %1 символов.</translation>
    </message>
    <message>
        <source>The password may not start or end with a space.</source>
        <translation>Пароль не может начинаться или заканчиваться пробелом.</translation>
    </message>
    <message>
        <source>The current password is not right.</source>
        <translation>Текущий пароль неверный.</translation>
    </message>
    <message>
        <source>No password is set.</source>
        <translation>Пароль не задан.</translation>
    </message>
    <message>
        <source>The idle time must be %1 to %2 minutes.</source>
        <translation>Время бездействия — от %1 до %2 минут.</translation>
    </message>
    <message>
        <source>The two new passwords differ: type the same password twice.</source>
        <translation>Новые пароли не совпадают: введите один и тот же пароль дважды.</translation>
    </message>
    <message>
        <source>The password is changed.</source>
        <translation>Пароль изменён.</translation>
    </message>
    <message>
        <source>The password is set: PDP Desk asks for it when it starts and after it has been idle.</source>
        <translation>Пароль задан: PDP Desk будет спрашивать его при запуске и после бездействия.</translation>
    </message>
    <message>
        <source>The password is removed: PDP Desk opens without it.</source>
        <translation>Пароль удалён: PDP Desk открывается без него.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <source>Password and lock</source>
        <translation>Пароль и блокировка</translation>
    </message>
    <message>
        <source>A password keeps colleagues at this PC away from the register while you are not at it: PDP Desk asks for it when it starts and locks itself after the idle time below. It belongs to this PC and is not synced. If it is forgotten, whoever looks after PDP Desk can remove it with the command pdp-desk password-reset.</source>
        <translation>Пароль не даёт коллегам за этим компьютером открыть реестр, пока вас нет на месте: PDP Desk спрашивает его при запуске и блокируется сам после указанного ниже времени бездействия. Пароль относится только к этому компьютеру и не синхронизируется. Если пароль забыт, тот, кто обслуживает PDP Desk, может удалить его командой pdp-desk password-reset.</translation>
    </message>
    <message>
        <source>Password to open PDP Desk</source>
        <translation>Пароль для входа в PDP Desk</translation>
    </message>
    <message>
        <source>A password is set.</source>
        <translation>Пароль задан.</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>Текущий пароль:</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Новый пароль:</translation>
    </message>
    <message>
        <source>New password again:</source>
        <translation>Новый пароль ещё раз:</translation>
    </message>
    <message>
        <source>Change the password</source>
        <translation>Сменить пароль</translation>
    </message>
    <message>
        <source>Set the password</source>
        <translation>Задать пароль</translation>
    </message>
    <message>
        <source>Remove the password</source>
        <translation>Удалить пароль</translation>
    </message>
    <message>
        <source>Lock when idle</source>
        <translation>Блокировка при бездействии</translation>
    </message>
    <message>
        <source>Lock after this many minutes without keyboard or mouse:</source>
        <translation>Блокировать через столько минут без клавиатуры и мыши:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>Заблокировать сейчас</translation>
    </message>
    <message>
        <source>The lock works once a password is set.</source>
        <translation>Блокировка работает, когда задан пароль.</translation>
    </message>
</context>
<context>
    <name>ServiceError</name>
    <message>
        <source>The request is already in this state.</source>
        <translation>Обращение уже в этом статусе.</translation>
    </message>
    <message>
        <source>The request is closed: nothing more can be done with it.</source>
        <translation>Обращение закрыто: с ним больше ничего нельзя сделать.</translation>
    </message>
    <message>
        <source>The request is already answered or refused: it can only be closed now.</source>
        <translation>На обращение уже дан ответ или отказ: теперь его можно только закрыть.</translation>
    </message>
    <message>
        <source>Check the requester&apos;s identity before taking the request into work.</source>
        <translation>Прежде чем взять обращение в работу, проверьте личность заявителя.</translation>
    </message>
    <message>
        <source>Take the request into work first (after checking the requester&apos;s identity).</source>
        <translation>Сначала возьмите обращение в работу (после проверки личности заявителя).</translation>
    </message>
    <message>
        <source>Answer the request, or refuse it with reasons, before closing it.</source>
        <translation>Прежде чем закрыть обращение, дайте ответ или мотивированный отказ.</translation>
    </message>
    <message>
        <source>A request cannot go back to an earlier step.</source>
        <translation>Обращение не может вернуться на предыдущий шаг.</translation>
    </message>
    <message>
        <source>A representative must be named and the document that gives authority must be given.</source>
        <translation>Укажите представителя и документ, подтверждающий его полномочия.</translation>
    </message>
    <message>
        <source>The date received is in the future.</source>
        <translation>Дата получения ещё не наступила.</translation>
    </message>
    <message>
        <source>Give at least a name, a phone number, an e-mail or an IIN.</source>
        <translation>Укажите хотя бы ФИО, телефон, эл. почту или ИИН.</translation>
    </message>
    <message>
        <source>Choose the subject of the request, or enter a new one.</source>
        <translation>Выберите субъекта обращения или введите нового.</translation>
    </message>
    <message>
        <source>The file is larger than the limit for attachments.</source>
        <translation>Файл больше допустимого размера вложения.</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>Файл не удаётся прочитать.</translation>
    </message>
    <message>
        <source>Give the reason.</source>
        <translation>Укажите причину.</translation>
    </message>
    <message>
        <source>The law asks for an action on this request: do it and record it before closing the request.</source>
        <translation>Закон требует действия по этому обращению: выполните и отметьте его, прежде чем закрыть обращение.</translation>
    </message>
    <message>
        <source>The data given is the same as on file: nothing was changed.</source>
        <translation>Введённые данные совпадают с имеющимися: ничего не изменено.</translation>
    </message>
    <message>
        <source>This person has no consent in force for these purposes.</source>
        <translation>У этого человека нет действующего согласия на эти цели.</translation>
    </message>
    <message>
        <source>Choose the purposes the consent is withdrawn for.</source>
        <translation>Выберите цели, по которым отзывается согласие.</translation>
    </message>
    <message>
        <source>The law asks for no action on this type of request: answering it is enough.</source>
        <translation>Закон не требует действия по такому обращению: достаточно ответить.</translation>
    </message>
    <message>
        <source>This person&apos;s data is blocked: it may not be used until the block is lifted.</source>
        <translation>Данные этого человека заблокированы: их нельзя использовать, пока блокировка не снята.</translation>
    </message>
    <message>
        <source>There is no such person in the register (their data may have been destroyed).</source>
        <translation>Такого человека нет в реестре (возможно, его данные уничтожены).</translation>
    </message>
    <message>
        <source>There is no such request (it may have been destroyed with its subject&apos;s data).</source>
        <translation>Такого обращения нет (возможно, оно уничтожено вместе с данными субъекта).</translation>
    </message>
    <message>
        <source>There is no such file (it may have been destroyed).</source>
        <translation>Такого файла нет (возможно, он уничтожен).</translation>
    </message>
    <message>
        <source>The request names no operator, and a letter is written on the operator&apos;s behalf.</source>
        <translation>В обращении не указан оператор, а письмо пишется от имени оператора.</translation>
    </message>
    <message>
        <source>A refusal letter needs the reasons: refuse the request with reasons first.</source>
        <translation>Для письма об отказе нужны причины: сначала откажите по обращению с указанием причин.</translation>
    </message>
    <message>
        <source>The documents cannot have come before the request was received.</source>
        <translation>Документы не могли поступить раньше обращения.</translation>
    </message>
    <message>
        <source>The confirmation cannot come before the request was received.</source>
        <translation>Подтверждение не может быть раньше получения обращения.</translation>
    </message>
    <message>
        <source>This moment is in the future.</source>
        <translation>Это время ещё не наступило.</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>Конец периода раньше его начала.</translation>
    </message>
    <message>
        <source>The file could not be written. Check that the folder exists and the file is not open in another program.</source>
        <translation>Не удалось записать файл. Проверьте, что папка существует и файл не открыт в другой программе.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Nothing was saved: the change was rolled back.</source>
        <translation>Произошла непредвиденная ошибка. Ничего не сохранено: изменение отменено.</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Не сохранено</translation>
    </message>
    <message>
        <source>This could not be done.</source>
        <translation>Это не удалось сделать.</translation>
    </message>
    <message>
        <source>Try again. If it happens again, tell whoever looks after PDP Desk.</source>
        <translation>Попробуйте ещё раз. Если ошибка повторится, сообщите тому, кто обслуживает PDP Desk.</translation>
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
    <message>
        <source>%1 MB</source>
        <translation>%1 МБ</translation>
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
        <translation>Здесь же будут настраиваться правила сроков, операторы и сотрудники.</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>PDP Desk is already open with this database: here it is.</source>
        <translation>PDP Desk с этой базой данных уже открыт — вот он.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Synced: %1 · waiting: %2</source>
        <translation>Синхронизация: %1 · ждут отправки: %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>не выполнялась</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) of this PC not sent to the others yet</source>
        <translation>
            <numerusform>%n изменение этого компьютера ещё не отправлено другим</numerusform>
            <numerusform>%n изменения этого компьютера ещё не отправлены другим</numerusform>
            <numerusform>%n изменений этого компьютера ещё не отправлены другим</numerusform>
        </translation>
    </message>
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
        <translation>В ближайшие 2 раб. дня: %1</translation>
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
        <translation>Не удалось прочитать карточку</translation>
    </message>
    <message>
        <source>Subject&apos;s card</source>
        <translation>Карточка субъекта</translation>
    </message>
    <message>
        <source>Correct data…</source>
        <translation>Исправить данные…</translation>
    </message>
    <message>
        <source>Merge with a duplicate…</source>
        <translation>Объединить с дубликатом…</translation>
    </message>
    <message>
        <source>Export data…</source>
        <translation>Выгрузить данные…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Data held</source>
        <translation>Хранимые данные</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Согласия</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Обращения</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>Category of data</source>
        <translation>Категория данных</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Получено</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Товары</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Цель</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Дано</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Способ</translation>
    </message>
    <message>
        <source>Policy version</source>
        <translation>Редакция политики</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Действует до</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Подтверждение</translation>
    </message>
    <message>
        <source>History of the consents:</source>
        <translation>История согласий:</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Поступило</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>There is no such subject (it may have been destroyed).</source>
        <translation>Такого субъекта нет (возможно, его данные уничтожены).</translation>
    </message>
    <message>
        <source>Subject %1 (data destroyed)</source>
        <translation>Субъект %1 (данные уничтожены)</translation>
    </message>
    <message>
        <source>register № %1</source>
        <translation>реестровый № %1</translation>
    </message>
    <message>
        <source>status: %1</source>
        <translation>статус: %1</translation>
    </message>
    <message>
        <source>operator: %1</source>
        <translation>оператор: %1</translation>
    </message>
    <message>
        <source>in the register since %1</source>
        <translation>в реестре с %1</translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) merged into this card</source>
        <translation>
            <numerusform>в карточку объединён %n дубликат</numerusform>
            <numerusform>в карточку объединено %n дубликата</numerusform>
            <numerusform>в карточку объединено %n дубликатов</numerusform>
        </translation>
    </message>
    <message>
        <source>Blocked since %1: the data may not be processed until it is unblocked.</source>
        <translation>Заблокирован с %1: данные нельзя обрабатывать, пока блокировка не снята.</translation>
    </message>
    <message>
        <source>The data of this subject was destroyed: only the id is kept.</source>
        <translation>Данные этого субъекта уничтожены: хранится только идентификатор.</translation>
    </message>
    <message>
        <source>until withdrawn</source>
        <translation>до отзыва</translation>
    </message>
    <message>
        <source>Kept while a consent without a term is in force: no destruction date yet.</source>
        <translation>Хранится, пока действует бессрочное согласие: даты уничтожения пока нет.</translation>
    </message>
    <message>
        <source>Due for destruction since %1: no purpose justifies the data any more.</source>
        <translation>Подлежит уничтожению с %1: ни одна цель больше не оправдывает хранение данных.</translation>
    </message>
    <message>
        <source>Kept until %1, unless a purpose justifies the data longer.</source>
        <translation>Хранится до %1, если ни одна цель не оправдает более долгое хранение.</translation>
    </message>
    <message>
        <source>entered by hand</source>
        <translation>введено вручную</translation>
    </message>
    <message>
        <source>the website</source>
        <translation>сайт</translation>
    </message>
    <message>
        <source>import</source>
        <translation>импорт</translation>
    </message>
    <message>
        <source>correction</source>
        <translation>исправление</translation>
    </message>
    <message>
        <source>demo data</source>
        <translation>демо-данные</translation>
    </message>
    <message>
        <source>consent given</source>
        <translation>согласие дано</translation>
    </message>
    <message>
        <source>consent renewed</source>
        <translation>согласие продлено</translation>
    </message>
    <message>
        <source>consent withdrawn</source>
        <translation>согласие отозвано</translation>
    </message>
    <message>
        <source>consent expired</source>
        <translation>срок согласия истёк</translation>
    </message>
    <message>
        <source>added to the register</source>
        <translation>добавлен в реестр</translation>
    </message>
    <message>
        <source>data corrected</source>
        <translation>данные исправлены</translation>
    </message>
    <message>
        <source>duplicate merged</source>
        <translation>объединён дубликат</translation>
    </message>
    <message>
        <source>consent recorded</source>
        <translation>согласие зарегистрировано</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>заблокирован</translation>
    </message>
    <message>
        <source>unblocked</source>
        <translation>разблокирован</translation>
    </message>
    <message>
        <source>data exported</source>
        <translation>данные выгружены</translation>
    </message>
    <message>
        <source>PDP Desk</source>
        <translation>PDP Desk</translation>
    </message>
    <message>
        <source>full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>IIN</source>
        <translation>ИИН</translation>
    </message>
    <message>
        <source>phones</source>
        <translation>телефоны</translation>
    </message>
    <message>
        <source>e-mails</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>addresses</source>
        <translation>адреса</translation>
    </message>
    <message>
        <source>category</source>
        <translation>категория</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <source>note</source>
        <translation>примечание</translation>
    </message>
    <message>
        <source>Export the subject&apos;s data</source>
        <translation>Выгрузка данных субъекта</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;JSON (*.json);;CSV table (*.csv)</source>
        <translation>Документ PDF (*.pdf);;JSON (*.json);;Таблица CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>Выгрузка данных</translation>
    </message>
    <message>
        <source>The file could not be written: %1. Nothing was exported.</source>
        <translation>Не удалось записать файл: %1. Ничего не выгружено.</translation>
    </message>
    <message>
        <source>The data was not exported</source>
        <translation>Данные не выгружены</translation>
    </message>
    <message>
        <source>The data was saved to %1.</source>
        <translation>Данные сохранены в %1.</translation>
    </message>
</context>
<context>
    <name>SubjectForm</name>
    <message>
        <source>New subject</source>
        <translation>Новый субъект</translation>
    </message>
    <message>
        <source>Correct the subject&apos;s data</source>
        <translation>Исправление данных субъекта</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Категория:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>ФИО:</translation>
    </message>
    <message>
        <source>IIN:</source>
        <translation>ИИН:</translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation>Телефоны:</translation>
    </message>
    <message>
        <source>E-mails:</source>
        <translation>E-mail:</translation>
    </message>
    <message>
        <source>Addresses:</source>
        <translation>Адреса:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Примечание:</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 цифр</translation>
    </message>
    <message>
        <source>Add a phone</source>
        <translation>Добавить телефон</translation>
    </message>
    <message>
        <source>+7 701 123 45 67, 8 701 …</source>
        <translation>+7 701 123 45 67, 8 701 …</translation>
    </message>
    <message>
        <source>Add an e-mail</source>
        <translation>Добавить e-mail</translation>
    </message>
    <message>
        <source>Add an address</source>
        <translation>Добавить адрес</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Street, house, flat</source>
        <translation>Улица, дом, квартира</translation>
    </message>
    <message>
        <source>This is another person who shares the phone or e-mail (a family): save anyway</source>
        <translation>Это другой человек с тем же телефоном или e-mail (семья): всё равно сохранить</translation>
    </message>
    <message>
        <source>The subject was not saved</source>
        <translation>Субъект не сохранён</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>Sync is not set up: choose a shared folder or enter a hub address in Settings → Sync.</source>
        <translation>Синхронизация не настроена: выберите общую папку или укажите адрес хаба в разделе «Настройки → Синхронизация».</translation>
    </message>
    <message>
        <source>No sync passphrase is set. Enter the passphrase the shop&apos;s other PCs use in Settings → Sync.</source>
        <translation>Парольная фраза для синхронизации не задана. Введите в разделе «Настройки → Синхронизация» ту же фразу, что на других компьютерах магазина.</translation>
    </message>
    <message>
        <source>The passphrase is not the one the other PCs use. Enter theirs in Settings → Sync.</source>
        <translation>Парольная фраза не совпадает с фразой других компьютеров. Введите их фразу в разделе «Настройки → Синхронизация».</translation>
    </message>
    <message>
        <source>No shared folder is chosen.</source>
        <translation>Общая папка не выбрана.</translation>
    </message>
    <message>
        <source>The shared folder is not available (a network folder not connected, a USB stick not inserted?). Work goes on; sync again when it is there.</source>
        <translation>Общая папка недоступна (не подключена сетевая папка или не вставлена флешка?). Работа продолжается; синхронизируйте, когда папка появится.</translation>
    </message>
    <message>
        <source>The shared folder cannot be used now (no permission to write, or it stopped answering). Nothing was lost; sync again later.</source>
        <translation>Общую папку сейчас нельзя использовать (нет права записи или она перестала отвечать). Ничего не потеряно; синхронизируйте позже.</translation>
    </message>
    <message>
        <source>No hub address is set.</source>
        <translation>Адрес хаба не указан.</translation>
    </message>
    <message>
        <source>The hub address is not valid. It looks like postgresql://user:password@server:5432/database.</source>
        <translation>Неверный адрес хаба. Он выглядит так: postgresql://user:password@server:5432/database.</translation>
    </message>
    <message>
        <source>The hub does not answer (the server is off, or there is no network). Work goes on; sync again later.</source>
        <translation>Хаб не отвечает (сервер выключен или нет сети). Работа продолжается; синхронизируйте позже.</translation>
    </message>
    <message>
        <source>The hub refused the user name or password in its address.</source>
        <translation>Хаб отклонил имя пользователя или пароль, указанные в адресе.</translation>
    </message>
    <message>
        <source>The hub&apos;s server has no database with the name in the address.</source>
        <translation>На сервере хаба нет базы данных с именем, указанным в адресе.</translation>
    </message>
    <message>
        <source>The hub&apos;s user may not create the tables PDP Desk needs. Ask the server&apos;s administrator for the right to create a schema.</source>
        <translation>Пользователю хаба не разрешено создавать таблицы, нужные PDP Desk. Попросите администратора сервера дать право создавать схему.</translation>
    </message>
    <message>
        <source>The hub was set up by a newer version of PDP Desk. Update PDP Desk on this PC.</source>
        <translation>Хаб настроен более новой версией PDP Desk. Обновите PDP Desk на этом компьютере.</translation>
    </message>
    <message>
        <source>The hub&apos;s server refused the connection.</source>
        <translation>Сервер хаба отклонил подключение.</translation>
    </message>
    <message>
        <source>The connection to the hub was lost. What arrived is kept; the next sync continues from there.</source>
        <translation>Связь с хабом прервалась. Полученное сохранено; следующая синхронизация продолжит с этого места.</translation>
    </message>
    <message>
        <source>The hub could not do what was asked. Nothing was lost; sync again later.</source>
        <translation>Хаб не смог выполнить запрос. Ничего не потеряно; синхронизируйте позже.</translation>
    </message>
    <message>
        <source>Data on the hub fails its integrity check (changed on the server by something other than PDP Desk).</source>
        <translation>Данные на хабе не прошли проверку целостности (их изменили на сервере не через PDP Desk).</translation>
    </message>
    <message>
        <source>A change on this PC could not be sent (a clock out of range).</source>
        <translation>Изменение на этом компьютере не удалось отправить (недопустимое значение часов).</translation>
    </message>
    <message>
        <source>The passphrase needs at least 8 characters.</source>
        <translation>Парольная фраза должна содержать не менее 8 символов.</translation>
    </message>
    <message>
        <source>Sync every 0 to 1,440 minutes.</source>
        <translation>Интервал синхронизации — от 0 до 1440 минут.</translation>
    </message>
    <message>
        <source>Give this PC a name (the other PCs show it).</source>
        <translation>Дайте этому компьютеру имя (его видят другие компьютеры).</translation>
    </message>
    <message>
        <source>The passphrase is longer than 1,024 characters.</source>
        <translation>Пароль синхронизации длиннее 1024 символов.</translation>
    </message>
    <message>
        <source>The shared folder is not a folder&apos;s path. Choose it with the button beside the box.</source>
        <translation>Это не путь к папке. Выберите общую папку кнопкой рядом с полем.</translation>
    </message>
    <message>
        <source>The shared folder box holds an address. Put the hub address in the hub box, and a folder here.</source>
        <translation>В поле общей папки введён адрес. Адрес хаба введите в поле хаба, а здесь укажите папку.</translation>
    </message>
    <message>
        <source>Give the shared folder&apos;s full path (like \\server\share\pdp or D:\pdp), or choose it with the button beside the box.</source>
        <translation>Укажите полный путь к общей папке (например, \\server\share\pdp или D:\pdp) или выберите её кнопкой рядом с полем.</translation>
    </message>
    <message>
        <source>The sync failed.</source>
        <translation>Синхронизация не удалась.</translation>
    </message>
    <message>
        <source>Shared folder</source>
        <translation>Общая папка</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>Хаб</translation>
    </message>
    <message>
        <source>stopped. What arrived is kept.</source>
        <translation>остановлено. Полученное сохранено.</translation>
    </message>
    <message>
        <source>Changes received: %1, sent: %2.</source>
        <translation>Получено изменений: %1, отправлено: %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) destroyed on another PC were destroyed here too.</source>
        <translation>
            <numerusform>Данные %n субъекта, уничтоженные на другом компьютере, уничтожены и здесь.</numerusform>
            <numerusform>Данные %n субъектов, уничтоженные на другом компьютере, уничтожены и здесь.</numerusform>
            <numerusform>Данные %n субъектов, уничтоженные на другом компьютере, уничтожены и здесь.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped (damaged or still being copied); they are tried again next time.</source>
        <translation>
            <numerusform>Пропущен %n файл (повреждён или ещё копируется); он будет прочитан при следующей синхронизации.</numerusform>
            <numerusform>Пропущено %n файла (повреждены или ещё копируются); они будут прочитаны при следующей синхронизации.</numerusform>
            <numerusform>Пропущено %n файлов (повреждены или ещё копируются); они будут прочитаны при следующей синхронизации.</numerusform>
        </translation>
    </message>
    <message>
        <source>This database was a copy of another PC&apos;s: it took a new identity.</source>
        <translation>Эта база данных оказалась копией базы другого компьютера: ей присвоен новый идентификатор.</translation>
    </message>
    <message>
        <source>This PC&apos;s code is now %1 (another PC had the same).</source>
        <translation>Код этого компьютера теперь %1 (такой же был у другого компьютера).</translation>
    </message>
    <message>
        <source>Not synced: %1</source>
        <translation>Синхронизация не выполнена: %1</translation>
    </message>
</context>
<context>
    <name>SyncSection</name>
    <message>
        <source>Shared folder for sync</source>
        <translation>Общая папка для синхронизации</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Синхронизировать</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Синхронизация</translation>
    </message>
    <message>
        <source>Sync between the shop&apos;s PCs</source>
        <translation>Синхронизация между компьютерами магазина</translation>
    </message>
    <message>
        <source>Each PC keeps its own database and works offline. Changes travel through a shared folder (a network folder, a USB stick, a folder a file-sync program keeps in step) or through a PostgreSQL server acting as a hub; PDP Desk syncs through each one that is set. A person destroyed on one PC is destroyed on all of them.</source>
        <translation>Каждый компьютер хранит свою базу данных и работает без сети. Изменения передаются через общую папку (сетевую папку, флешку или папку, которую синхронизирует программа обмена файлами) или через сервер PostgreSQL в роли хаба; PDP Desk синхронизируется через каждый заданный способ. Данные человека, уничтоженные на одном компьютере, уничтожаются на всех.</translation>
    </message>
    <message>
        <source>This PC&apos;s name:</source>
        <translation>Имя этого компьютера:</translation>
    </message>
    <message>
        <source>Shared folder:</source>
        <translation>Общая папка:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Hub address:</source>
        <translation>Адрес хаба:</translation>
    </message>
    <message>
        <source>A PostgreSQL database on the shop&apos;s own server, for example %1</source>
        <translation>База данных PostgreSQL на собственном сервере магазина, например %1</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Парольная фраза:</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <source>The same on every PC: the files in the folder are encrypted with it, and the hub checks it. It is kept only in this PC&apos;s database (never sent to the others); backups use it too.</source>
        <translation>Одна и та же на всех компьютерах: ею шифруются файлы в папке, а хаб проверяет её. Хранится только в базе данных этого компьютера (другим не передаётся); ею же шифруются резервные копии.</translation>
    </message>
    <message>
        <source>Automatically:</source>
        <translation>Автоматически:</translation>
    </message>
    <message>
        <source>at start</source>
        <translation>при запуске</translation>
    </message>
    <message>
        <source>at exit</source>
        <translation>при выходе</translation>
    </message>
    <message>
        <source>every (minutes):</source>
        <translation>каждые (мин):</translation>
    </message>
    <message>
        <source>never</source>
        <translation>никогда</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Last sync:</source>
        <translation>Последняя синхронизация:</translation>
    </message>
    <message>
        <source>Other PCs seen</source>
        <translation>Другие компьютеры</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Последний раз</translation>
    </message>
    <message>
        <source>These PCs sync only through the folder or only through the hub: %1. Changes are not passed on from one place to the other, so they do not see the changes of the PCs that use the other place. Set both the folder and the hub on every PC, or let all of them use the same one.</source>
        <translation>Эти компьютеры синхронизируются только через папку или только через хаб: %1. Изменения не передаются из одного места в другое, поэтому они не видят изменений компьютеров, которые пользуются другим местом. Укажите и папку, и хаб на каждом компьютере или пусть все пользуются одним и тем же местом.</translation>
    </message>
    <message>
        <source>code %1</source>
        <translation>код %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>выполнена</translation>
    </message>
    <message>
        <source>done, some files skipped</source>
        <translation>выполнена, часть файлов пропущена</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) of this PC not sent yet</source>
        <translation>
            <numerusform>%n изменение этого компьютера ещё не отправлено</numerusform>
            <numerusform>%n изменения этого компьютера ещё не отправлены</numerusform>
            <numerusform>%n изменений этого компьютера ещё не отправлены</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <source>Saved. New letters of this kind use this text.</source>
        <translation>Сохранено. Новые письма этого вида будут с этим текстом.</translation>
    </message>
    <message>
        <source>The default text is back.</source>
        <translation>Исходный текст восстановлен.</translation>
    </message>
    <message>
        <source>Letter templates</source>
        <translation>Шаблоны писем</translation>
    </message>
    <message>
        <source>your own text</source>
        <translation>ваш текст</translation>
    </message>
    <message>
        <source>default text</source>
        <translation>исходный текст</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Заголовок:</translation>
    </message>
    <message>
        <source>Text (a blank line starts a new paragraph):</source>
        <translation>Текст (пустая строка начинает новый абзац):</translation>
    </message>
    <message>
        <source>Fields (double-click to insert):</source>
        <translation>Поля (двойной щелчок — вставить):</translation>
    </message>
    <message>
        <source>A field is replaced by its value in each letter, e.g. {subject_name}. To print a brace itself, type it twice.</source>
        <translation>Поле заменяется своим значением в каждом письме, например {subject_name}. Чтобы напечатать саму скобку, введите её дважды.</translation>
    </message>
    <message>
        <source>Back to the default text</source>
        <translation>Вернуть исходный текст</translation>
    </message>
</context>
<context>
    <name>WhoPage</name>
    <message>
        <source>3. Who and how</source>
        <translation>3. Кто и как</translation>
    </message>
    <message>
        <source>The operator whose data is destroyed, the people who destroy it and sign the act, and how it is destroyed.</source>
        <translation>Оператор, чьи данные уничтожаются, лица, которые уничтожают данные и подписывают акт, и способ уничтожения.</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Destroyed by (they sign the act):</source>
        <translation>Уничтожают (подписывают акт):</translation>
    </message>
    <message>
        <source>Information system:</source>
        <translation>Информационная система:</translation>
    </message>
    <message>
        <source>Paper media:</source>
        <translation>Бумажные носители:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Способ:</translation>
    </message>
    <message>
        <source>Language of the act:</source>
        <translation>Язык акта:</translation>
    </message>
    <message>
        <source>Date of the act:</source>
        <translation>Дата акта:</translation>
    </message>
    <message>
        <source>— choose the operator —</source>
        <translation>— выберите оператора —</translation>
    </message>
    <message>
        <source>%1 sheet(s) in total (counted per person in the review)</source>
        <translation>всего листов: %1 (указаны по каждому лицу на шаге проверки)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Русский</translation>
    </message>
    <message>
        <source>Kazakh</source>
        <translation>Казахский</translation>
    </message>
    <message>
        <source>Russian and Kazakh side by side</source>
        <translation>Русский и казахский рядом</translation>
    </message>
    <message>
        <source>the day of destruction: an act cannot be backdated</source>
        <translation>день уничтожения: акт нельзя датировать задним числом</translation>
    </message>
    <message>
        <source>The act names the people by their full names.</source>
        <translation>В акте лица указываются по ФИО.</translation>
    </message>
    <message>
        <source>The act names the people by their register numbers (see Settings).</source>
        <translation>В акте лица указываются по номерам в реестре (см. Настройки).</translation>
    </message>
</context>
<context>
    <name>WhyPage</name>
    <message>
        <source>inbox</source>
        <translation>обращения</translation>
    </message>
    <message>
        <source>retention term</source>
        <translation>срок хранения</translation>
    </message>
    <message>
        <source>found by search</source>
        <translation>найдено поиском</translation>
    </message>
    <message>
        <source>Found: %1; added to the list, checked: %2.</source>
        <translation>Найдено: %1; добавлено в список с отметкой: %2.</translation>
    </message>
    <message>
        <source>Nobody found.</source>
        <translation>Никто не найден.</translation>
    </message>
    <message>
        <source>The reason and its legal basis:</source>
        <translation>Причина и её правовое основание:</translation>
    </message>
    <message>
        <source>Details (optional):</source>
        <translation>Подробности (необязательно):</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>Выбрано: %1</translation>
    </message>
    <message>
        <source>1. Why, and whose data</source>
        <translation>1. Причина и чьи данные</translation>
    </message>
    <message>
        <source>Choose the reason for destruction and the people whose data is destroyed: those waiting (from the inbox and the retention terms), or find others.</source>
        <translation>Выберите причину уничтожения и лиц, чьи данные уничтожаются: из ожидающих (по обращениям и срокам хранения) или найдите других.</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Причина:</translation>
    </message>
    <message>
        <source>— choose the reason —</source>
        <translation>— выберите причину —</translation>
    </message>
    <message>
        <source>Waiting for destruction (check those to destroy by this act):</source>
        <translation>Ожидают уничтожения (отметьте тех, чьи данные уничтожаются этим актом):</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Субъект</translation>
    </message>
    <message>
        <source>Suggested reason</source>
        <translation>Предлагаемая причина</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>С даты</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Check all</source>
        <translation>Отметить все</translation>
    </message>
    <message>
        <source>Uncheck all</source>
        <translation>Снять все</translation>
    </message>
    <message>
        <source>Find another person: name, phone, e-mail or IIN</source>
        <translation>Найти другое лицо: ФИО, телефон, e-mail или ИИН</translation>
    </message>
    <message>
        <source>Find and add</source>
        <translation>Найти и добавить</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <source>Withdrawal of consent</source>
        <translation>Отзыв согласия</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>Человек:</translation>
    </message>
    <message>
        <source>Withdrawn for:</source>
        <translation>Отозвать для целей:</translation>
    </message>
    <message>
        <source>Received on:</source>
        <translation>Дата поступления:</translation>
    </message>
    <message>
        <source>How it came:</source>
        <translation>Как поступило:</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>Подтверждение:</translation>
    </message>
    <message>
        <source>Text of the request:</source>
        <translation>Текст обращения:</translation>
    </message>
    <message>
        <source>the letter, the e-mail, the form on the website …</source>
        <translation>письмо, e-mail, форма на сайте …</translation>
    </message>
    <message>
        <source>A request is opened: within 15 working days processing must stop, or the person must be told the reasons why it continues (Art. 8 p.7).</source>
        <translation>Будет открыто обращение: в течение 15 рабочих дней нужно прекратить обработку или сообщить человеку причины её продолжения (ст. 8 п. 7).</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Отозвать</translation>
    </message>
    <message>
        <source>The withdrawal was not recorded</source>
        <translation>Отзыв не зарегистрирован</translation>
    </message>
</context>
<context>
    <name>WithdrawalDialog</name>
    <message>
        <source>Record consent withdrawal</source>
        <translation>Отзыв согласия</translation>
    </message>
    <message>
        <source>Purposes:</source>
        <translation>Цели:</translation>
    </message>
    <message>
        <source>Choose at least one purpose.</source>
        <translation>Выберите хотя бы одну цель.</translation>
    </message>
</context>
</TS>
