package org.openspine.identity.matching.evaluation;

import java.util.List;
import java.util.Random;

/**
 * Names drawn as an English population has them: a head of real surnames in rough order of frequency (Smith
 * about one person in 70, a little more than in England), a long tail of English place-style surnames (about
 * 7,000), and given names by sex and by whether the person was born before 1975, each list weighted so that its
 * first names are common and its last rare. Given names come from about 260, so they repeat more than real ones
 * (Olivia, Oliver and John are each around 3 to 4 per cent of people), which makes matching harder, not easier.
 * Some names carry accents, apostrophes or hyphens, as records do.
 */
final class UkNames {

    /** Share of people whose surname comes from {@link #SURNAMES}; the rest have a place-style surname. */
    private static final double HEAD_SHARE = 0.3;
    /** Exponent of the rank weighting: rank r is drawn in proportion to r^-exponent. */
    private static final double SURNAME_EXPONENT = 0.62;
    private static final double GIVEN_EXPONENT = 0.8;
    /** Chance that someone's given name comes from the other era's list. */
    private static final double OTHER_ERA = 0.2;
    private static final int ERA_BOUNDARY = 1975;

    private static final List<String> SURNAMES = List.of("Smith", "Jones", "Williams", "Taylor", "Brown",
            "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker",
            "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
            "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker",
            "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price",
            "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey",
            "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson",
            "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb",
            "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes",
            "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins",
            "Murray", "Dixon", "Harvey", "Graham", "Pearson", "Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson",
            "Howard", "Andrews", "Stewart", "Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce",
            "Day", "Brooks", "West", "Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Gill", "Dawson", "Ball",
            "Burton", "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong",
            "Francis", "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory",
            "Carr", "Lowe", "Page", "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid",
            "Holland", "Hawkins", "Harding", "Porter", "Robertson", "Newton", "Oliver", "Reed", "Kennedy",
            "Williamson", "Bird", "Gardner", "Shah", "Dean", "Lane", "Cooke", "Bates", "Henderson", "Parry",
            "Burgess", "Bishop", "Walton", "Burns", "Nicholson", "Shepherd", "Ross", "Cross", "Long", "Freeman",
            "Warren", "Nicholls", "Hamilton", "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson", "Curtis",
            "Hopkins", "O'Connor", "Harper", "Coleman", "Watkins", "Moss", "McCarthy", "Chambers", "O'Neill",
            "Griffin", "Sharp", "Hardy", "Wheeler", "Potter", "Osborne", "Johnston", "Gordon", "Doyle", "Wallace",
            "George", "Jordan", "Hutchinson", "Rowe", "Burke", "May", "Pritchard", "Gilbert", "Willis", "Higgins",
            "Read", "Miles", "Stevenson", "Stephenson", "Hammond", "Arnold", "Buckley", "Walters", "Hewitt",
            "Barber", "Nelson", "Slater", "Austin", "Sullivan", "Whitehead", "Mann", "Frost", "Lambert", "Stephens",
            "Blake", "Akhtar", "Lynch", "Goodwin", "Barton", "Woodward", "Thomson", "Cunningham", "Quinn",
            "Barnett", "Baxter", "Bibi", "Clayton", "Nash", "Greenwood", "Jennings", "Holt", "Kemp", "Poole",
            "Gallagher", "Bond", "Stokes", "Tucker", "Davidson", "Fowler", "Heath", "Norman", "Middleton",
            "Lawson", "Banks", "French", "Stanley", "Jarvis", "Gibbs", "Ferguson", "Hayward", "Carroll", "Farrell",
            "Iqbal", "Sharma", "Nowak", "Kowalski", "Wiśniewski", "Nguyen", "Chen", "Wang", "Li", "Zhang", "Liu",
            "Wu", "Okafor", "Mensah", "Adeyemi", "Okonkwo", "Mahmood", "Rahman", "Chowdhury", "Uddin", "Islam",
            "Miah", "Kumar", "Mistry", "Joshi", "Desai", "Mehta", "D'Souza", "Fernandes", "Silva", "Santos",
            "Costa", "Rossi", "Müller", "García", "López", "Martínez", "Kowalczyk", "Lewandowski", "Ó Briain",
            "Smith-Jones", "Lloyd-Williams", "Ng", "Ho", "Kaya", "Yilmaz");
    private static final List<String> PLACE_STARTS = List.of("Ash", "Bar", "Black", "Brad", "Bram", "Brook",
            "Cal", "Carl", "Chad", "Cliff", "Cold", "Dal", "Dun", "East", "Elm", "Fair", "Farn", "Fen", "Gold",
            "Grims", "Hal", "Hart", "Hazel", "Heath", "Hol", "Horn", "Kings", "Kirk", "Lang", "Lea", "Lind", "Long",
            "Mar", "Mil", "Moor", "Nor", "North", "Oak", "Ox", "Pen", "Rad", "Red", "Rock", "Ros", "Rud", "Sal",
            "Sand", "Shel", "Stan", "Stock", "Sud", "Thorn", "Tilt", "Wake", "Wal", "Wel", "West", "Whit", "Wil",
            "Wool");
    private static final List<String> PLACE_MIDDLES = List.of("", "", "", "ing", "er", "en");
    private static final List<String> PLACE_ENDS = List.of("ton", "ley", "by", "ford", "ham", "well", "wood",
            "field", "worth", "bridge", "more", "combe", "stock", "hurst", "dale", "shaw", "ridge", "wick", "land",
            "cliffe", "stead", "low", "sley", "thorpe", "bury", "cott", "den", "holme", "gate", "mere");
    private static final List<String> MALE_BEFORE = List.of("John", "David", "Michael", "Peter", "Robert", "Paul",
            "James", "William", "Richard", "Stephen", "Christopher", "Mark", "Andrew", "Anthony", "Brian",
            "Kenneth", "Alan", "Thomas", "George", "Ian", "Keith", "Colin", "Derek", "Ronald", "Raymond", "Gary",
            "Kevin", "Trevor", "Graham", "Philip", "Roger", "Martin", "Barry", "Terence", "Malcolm", "Dennis",
            "Geoffrey", "Edward", "Frank", "Arthur", "Harold", "Leslie", "Douglas", "Stanley", "Norman",
            "Patrick", "Neil", "Simon", "Nigel", "Timothy", "Jeffrey", "Mohammed", "Abdul", "Rajesh", "Sunil",
            "Tomasz", "Kwame", "Dafydd", "Gareth", "Rhys", "Seán", "Desmond", "Clive", "Vincent", "Lloyd");
    private static final List<String> MALE_SINCE = List.of("Oliver", "Jack", "Harry", "George", "Noah",
            "Charlie", "Jacob", "Alfie", "Freddie", "Oscar", "Leo", "Arthur", "Thomas", "James", "William",
            "Joshua", "Daniel", "Samuel", "Joseph", "Benjamin", "Liam", "Ethan", "Mason", "Lucas", "Logan", "Max",
            "Isaac", "Theo", "Henry", "Archie", "Alexander", "Adam", "Ryan", "Callum", "Connor", "Luke", "Matthew",
            "Lewis", "Jordan", "Kieran", "Jamie", "Aaron", "Nathan", "Dylan", "Tyler", "Reece", "Ben", "Tom",
            "Sam", "Muhammad", "Mohammed", "Ali", "Ibrahim", "Yusuf", "Omar", "Ahmed", "Zain", "Aarav", "Arjun",
            "Jakub", "Kacper", "Ewan", "Finley", "Ollie", "Jayden", "Kai", "Rory", "Owen");
    private static final List<String> FEMALE_BEFORE = List.of("Margaret", "Susan", "Patricia", "Elizabeth",
            "Mary", "Jean", "Linda", "Christine", "Janet", "Carol", "Sandra", "Barbara", "Pauline", "Karen",
            "Julie", "Jacqueline", "Ann", "Anne", "Valerie", "Brenda", "Joan", "Sheila", "Dorothy", "Doreen",
            "Irene", "Maureen", "Joyce", "Kathleen", "Helen", "Gillian", "Wendy", "Deborah", "Lorraine", "Alison",
            "Sarah", "Catherine", "Diane", "Jennifer", "Angela", "Lesley", "Elaine", "Rosemary", "Judith",
            "Hilary", "Beryl", "Marion", "Sylvia", "Eileen", "Shirley", "Jane", "June", "Rita", "Betty", "Fatima",
            "Shirin", "Parveen", "Agnieszka", "Siân", "Bridget", "Nuala", "Gwen", "Iris", "Vera", "Hazel");
    private static final List<String> FEMALE_SINCE = List.of("Olivia", "Amelia", "Isla", "Ava", "Emily",
            "Sophie", "Grace", "Lily", "Mia", "Ella", "Jessica", "Chloe", "Charlotte", "Hannah", "Ruby", "Evie",
            "Poppy", "Isabella", "Sophia", "Freya", "Ivy", "Florence", "Willow", "Rosie", "Daisy", "Phoebe", "Lucy",
            "Holly", "Megan", "Lauren", "Rebecca", "Laura", "Emma", "Amy", "Zoë", "Katie", "Bethany", "Abigail",
            "Eleanor", "Ellie", "Molly", "Erin", "Niamh", "Aoife", "Caitlin", "Siobhan", "Aisha", "Zainab",
            "Maryam", "Ayesha", "Hafsa", "Amira", "Priya", "Anaya", "Zuzanna", "Julia", "Maja", "Chelsea", "Jade",
            "Kayleigh", "Stacey", "Gemma", "Danielle", "Natalie", "Rachel", "Hayley", "Mary-Jane", "Renée");

    private static final double[] SURNAME_WEIGHTS = cumulative(SURNAMES.size(), SURNAME_EXPONENT);
    private static final double[] GIVEN_WEIGHTS = cumulative(
            Math.max(Math.max(MALE_BEFORE.size(), MALE_SINCE.size()), Math.max(FEMALE_BEFORE.size(),
                    FEMALE_SINCE.size())), GIVEN_EXPONENT);

    private UkNames() {
    }

    /** @return a family name drawn from the whole distribution */
    static String surname(Random random) {
        if (random.nextDouble() < HEAD_SHARE) {
            return weighted(random, SURNAMES, SURNAME_WEIGHTS);
        }
        return pick(random, PLACE_STARTS) + pick(random, PLACE_MIDDLES) + pick(random, PLACE_ENDS);
    }

    /** @return a given name for someone of that sex born in {@code birthYear} */
    static String given(Random random, boolean male, int birthYear) {
        boolean older = birthYear < ERA_BOUNDARY ^ random.nextDouble() < OTHER_ERA;
        List<String> names = male ? (older ? MALE_BEFORE : MALE_SINCE) : (older ? FEMALE_BEFORE : FEMALE_SINCE);
        return weighted(random, names, GIVEN_WEIGHTS);
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** @return an entry of {@code values}, rank r with probability in proportion to r^-exponent */
    private static String weighted(Random random, List<String> values, double[] cumulative) {
        double target = random.nextDouble() * cumulative[values.size() - 1];
        int low = 0;
        int high = values.size() - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < target) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return values.get(low);
    }

    private static double[] cumulative(int size, double exponent) {
        double[] cumulative = new double[size];
        double sum = 0;
        for (int rank = 1; rank <= size; rank++) {
            sum += Math.pow(rank, -exponent);
            cumulative[rank - 1] = sum;
        }
        return cumulative;
    }
}
