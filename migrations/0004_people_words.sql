-- Whole-word search: the folded name as an array of words with a GIN index. A query whose words are all
-- whole words ("nguyen van an") is answered from the rarest word's posting list (GIN skips through the
-- others), which stays fast when most of the province is called Nguyễn Văn; the trigram index still serves
-- parts of words ("thi ho").
alter table persons add column search_words text[] generated always as (string_to_array(pd_fold(full_name), ' ')) stored;
create index persons_search_words_idx on persons using gin (search_words);
