import { asLocale, layout } from '@desk/notifications';
import { ReviewReminderRow } from './kb-article.repository';

/** The mail telling an author that their article is due for review (their language). */
export function reviewReminderMail(a: ReviewReminderRow, appUrl: string) {
  const locale = asLocale(a.locale);
  const url = `${appUrl.replace(/\/$/, '')}/help/articles/${a.id}`;
  const en = locale === 'en';
  const body = layout({
    locale,
    title: en ? 'An article is due for review' : 'Artikel perlu ditinjau ulang',
    greeting: en ? `Hello ${a.name},` : `Yth. ${a.name},`,
    paragraphs: [
      en
        ? `Your knowledge-base article "${a.title}" was due for review on ${a.reviewBy}. Check that it is still correct, then save it with a new review date or archive it.`
        : `Artikel basis pengetahuan Anda "${a.title}" perlu ditinjau ulang sejak ${a.reviewBy}. Periksa apakah isinya masih benar, lalu simpan dengan tanggal tinjau baru atau arsipkan.`,
    ],
    action: { label: en ? 'Open the article' : 'Buka artikel', url },
    footer: en ? 'SPBE Service Desk knowledge base' : 'Basis pengetahuan SPBE Service Desk',
  });
  return {
    kind: 'kb.review_due',
    to: a.email,
    userId: a.authorId,
    subject: en ? `Review due: ${a.title}` : `Perlu ditinjau: ${a.title}`,
    html: body.html,
    text: body.text,
    dedupeKey: `kb-review_${a.id}_${a.reviewBy}`,
    aggregateType: 'kb_article',
    aggregateId: a.id,
  };
}
