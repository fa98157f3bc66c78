"""Support-ticket and social-post wording per persona (slots as in ``phrases.py``)."""

# (subject, description) templates; tags are added by the writer.
TICKETS = {
    "price_driven": [
        ("Discount code not applied", "My discount code didn't apply at checkout and I was charged full price. "
         "Can you refund the difference please? I only ordered because of the offer."),
        ("Price increase", "I've noticed {product} has gone up again. {competitor} is {money} cheaper now. "
         "Is there any way to keep my old price?"),
        ("Charged delivery fee", "Why was I charged for delivery? It used to be free. At this price I might as "
         "well go to {competitor}."),
        ("Price match request", "Can you price match {competitor}? Same item is {cheap} there this week."),
        ("Loyalty points missing", "My loyalty points from the last order are missing. I rely on them to "
         "keep costs down, please add them."),
    ],
    "eco_conscious": [
        ("Too much packaging", "My last order came with {eco_bad}. For a brand claiming to be green that's "
         "disappointing. Can you use {eco} instead?"),
        ("Recycling question", "Which parts of the {product} packaging can go in household recycling? "
         "I want to dispose of it responsibly."),
        ("Sourcing information", "Could you tell me where the ingredients in {product} are sourced and whether "
         "they're fair trade or organic?"),
        ("Refill option", "Do you offer a refill or return scheme for containers? I'd rather not throw "
         "them away — better for {planet}."),
        ("Carbon footprint of delivery", "Is your delivery carbon neutral? I'd like to know the footprint "
         "of my orders before I renew."),
    ],
    "convenience": [
        ("Delivery slot changed", "My delivery slot was moved without notice. I need it {busy}, can you "
         "put it back? I don't have time to wait in all day."),
        ("App won't reorder", "The one-tap reorder in the app stopped working. Please fix it quickly, it's "
         "the main reason I use you."),
        ("Late delivery", "Order was due yesterday and still hasn't arrived. Tracking hasn't updated. "
         "I need a reliable delivery time."),
        ("Change auto-replenish frequency", "How do I change my auto-replenish to every two weeks? "
         "I couldn't find it quickly in the app."),
        ("Quick question on returns", "Is there a faster way to return an item? Printing labels is a faff "
         "{busy}."),
    ],
    "quality_status": [
        ("Quality not as expected", "The latest batch of {product} doesn't match the usual standard. "
         "At premium prices I expect {qual} every time."),
        ("Damaged premium gift box", "The gift box arrived scuffed. It was for a special occasion and "
         "the presentation matters. Please send a replacement."),
        ("Limited edition availability", "Will the limited edition range come back? I'm happy to "
         "{pay} for exclusive products."),
        ("Change in recipe?", "Has the recipe changed? It tastes less refined than before. I chose you "
         "for quality, not price."),
        ("Premium membership", "Do you have a premium membership with early access to new products?"),
    ],
    "loyal_advocate": [
        ("Small issue, no rush", "Tiny issue with my last order — one item missing. No rush at "
         "all, I've been a customer for {years} and you always sort things out. Thanks!"),
        ("Referral code", "I keep recommending you to {people}. Is there a referral code I can share?"),
        ("Thank you", "Just wanted to say thanks to whoever packed my order, the handwritten note "
         "made my day. Loyal customer for {years}."),
        ("Address update", "Moving house next month! Please update my address — I'm not going anywhere "
         "else, I {love} you guys."),
        ("Feedback on new product", "Tried the new {product}, lovely as always. Keep it up!"),
    ],
    "frustrated_churner": [
        ("STILL waiting for refund", "This is my third message. I have been waiting {waited} for {issue}. "
         "Nobody replies. Sort it out or I'm cancelling."),
        ("Cancel my subscription", "Please cancel my subscription immediately. Your service is {bad} and "
         "I've had enough of being ignored."),
        ("Complaint - no response", "I raised a complaint {waited} ago and have heard nothing. "
         "I want {issue} and an apology."),
        ("Wrong order again", "Wrong items AGAIN. Second time this month. I'm fed up of chasing and I'm "
         "moving to {competitor}."),
        ("Escalation request", "I want to escalate. Your agents keep promising a callback that never "
         "happens. Completely {bad}."),
    ],
}

POSTS = {
    "price_driven": [
        "@Brightleaf {product} up AGAIN?? {competitor} is {money} cheaper, bye",
        "anyone got a @Brightleaf discount code? not paying full price #deals",
        "Stocked up on {product} while @Brightleaf had {deal} on 🙌 #bargain",
        "@Brightleaf love the stuff but the prices are getting silly #costofliving",
        "switched to {competitor}, same thing {cheap}. sorry @Brightleaf",
        "@Brightleaf bring back free delivery pls, can't justify the fee",
    ],
    "eco_conscious": [
        "@Brightleaf why does one box of {product} come in {eco_bad}?? #plasticfree",
        "Really pleased @Brightleaf moved to {eco} 🌱 #sustainability",
        "@Brightleaf any plans for {eco}? would make me a customer for life #zerowaste",
        "Brands need to stop greenwashing. @Brightleaf, show us the carbon numbers #climate",
        "my recycling bin is full of @Brightleaf packaging again 😩 do better for {planet}",
        "Big fan of @Brightleaf refills, less waste for {planet} ♻️",
    ],
    "convenience": [
        "@Brightleaf reordered in literally 10 seconds, {conv} is a lifesaver",
        "@Brightleaf my delivery slot got moved and I'm not home {busy} 🙄",
        "honestly {conv} from @Brightleaf saves me so much time {busy}",
        "@Brightleaf tracking hasn't updated since yesterday, where's my order?",
        "never going back to the supermarket, @Brightleaf turns up at my door. easy",
        "@Brightleaf app update made checkout slower, please fix #fail",
    ],
    "quality_status": [
        "Nothing beats @Brightleaf {product}. Worth every penny ✨ #premium",
        "@Brightleaf the gift box arrived scuffed, not what I expect at this price",
        "Treated myself to @Brightleaf limited edition. {qual} is unreal #luxury",
        "@Brightleaf recipe change? tastes less refined than it used to",
        "Guests always ask about the @Brightleaf {product}. {status}",
        "@Brightleaf please don't cheapen the brand chasing discounts",
    ],
    "loyal_advocate": [
        "{years} with @Brightleaf and still the best ❤️",
        "Got {people} hooked on @Brightleaf {product} 😄",
        "Shoutout to the @Brightleaf team, lovely note in my box today 🥰",
        "@Brightleaf never lets me down. loyal customer for {years}",
        "If you're not using @Brightleaf yet, what are you doing? #recommend",
        "Another brilliant order from @Brightleaf, thank you team 🙏",
    ],
    "frustrated_churner": [
        "@Brightleaf {waited} waiting for {issue}. absolutely {bad}. #customerservice",
        "Cancelled my @Brightleaf subscription today. Never again.",
        "@Brightleaf answer your emails!! third complaint, zero replies",
        "Avoid @Brightleaf, they take your money and ignore you #scam",
        "@Brightleaf wrong order AGAIN and nobody cares. done with you",
        "been on hold with @Brightleaf for an hour. {bad}",
    ],
}

GENERIC_POSTS = [
    "@Brightleaf what time does the sale end?", "Just ordered from @Brightleaf for the first time",
    "@Brightleaf is the website down?", "Unboxing my @Brightleaf order later",
    "@Brightleaf do you deliver to Northern Ireland?",
]
GENERIC_TICKETS = [
    ("Update email address", "Please change the email on my account to the new one I'm writing from."),
    ("Invoice request", "Could you send me a VAT invoice for my last order?"),
    ("Account login", "I can't log in, password reset email isn't arriving."),
]
